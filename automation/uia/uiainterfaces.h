#pragma once

// The few UI Automation client interfaces the Windows backend calls, declared by hand.
//
// Why: mingw-w64 10's <uiautomationclient.h> has only the ID constants (no IUIAutomation, no
// CLSID_CUIAutomation) and <uiautomationcoreapi.h> does not compile as C++ (toolchain.md §5), so
// the Linux CI cross-compile cannot use the system headers. Everything here lives in a namespace
// of its own, so it does not clash with the Windows SDK's <UIAutomationClient.h> when an MSVC
// build happens to include it too.
//
// Rules for editing (a wrong slot calls the wrong method at run time, the compiler cannot tell):
// - Method order is the vtable order of the Windows SDK's UIAutomationClient.h (generated from
//   UIAutomationClient.idl; cross-checked against Wine's include/uiautomationclient.idl, which
//   follows the SDK order). Every method before the last one called is declared, with the SDK's
//   signature; nothing after it is (no one may call past the end of a declared vtable).
// - IIDs and the CLSID are the uuid() attributes of the same IDL (SDK UIAutomationClient.h /
//   Wine uiautomationclient.idl); each one names its interface below.
// - Numeric IDs (properties, patterns, control types) are the SDK's UIAutomationClient.h values
//   (UIA_*PropertyId, UIA_*PatternId, UIA_*ControlTypeId).
//
// No Qt here: this header and uiacom.cpp are compile-checked with the mingw-w64 cross compiler
// (tests/automation: uia_mingw_compile).

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <ole2.h>
#include <oleauto.h>
#include <windows.h>

namespace CutPilot::Automation::Uia::Com {

using PROPERTYID = int;    // SDK: typedef int PROPERTYID
using PATTERNID = int;     // SDK: typedef int PATTERNID
using CONTROLTYPEID = int; // SDK: typedef int CONTROLTYPEID
using UIA_HWND = void *;   // SDK: typedef void *UIA_HWND

// SDK enum TreeScope (UIAutomationClient.idl).
enum TreeScope : int {
    TreeScope_Element = 0x1,
    TreeScope_Children = 0x2,
    TreeScope_Descendants = 0x4,
    TreeScope_Parent = 0x8,
    TreeScope_Ancestors = 0x10,
    TreeScope_Subtree = TreeScope_Element | TreeScope_Children | TreeScope_Descendants,
};

// --- IIDs / CLSID (uuid attributes of UIAutomationClient.idl) ------------------------------
// coclass CUIAutomation: ff48dba4-60ef-4201-aa87-54103eef594e
inline const GUID CLSID_CUIAutomation
    = {0xff48dba4, 0x60ef, 0x4201, {0xaa, 0x87, 0x54, 0x10, 0x3e, 0xef, 0x59, 0x4e}};
// IUIAutomation: 30cbe57d-d9d0-452a-ab13-7ac5ac4825ee
inline const GUID IID_IUIAutomation
    = {0x30cbe57d, 0xd9d0, 0x452a, {0xab, 0x13, 0x7a, 0xc5, 0xac, 0x48, 0x25, 0xee}};
// IUIAutomationElement: d22108aa-8ac5-49a5-837b-37bbb3d7591e
inline const GUID IID_IUIAutomationElement
    = {0xd22108aa, 0x8ac5, 0x49a5, {0x83, 0x7b, 0x37, 0xbb, 0xb3, 0xd7, 0x59, 0x1e}};
// IUIAutomationElementArray: 14314595-b4bc-4055-95f2-58f2e42c9855
inline const GUID IID_IUIAutomationElementArray
    = {0x14314595, 0xb4bc, 0x4055, {0x95, 0xf2, 0x58, 0xf2, 0xe4, 0x2c, 0x98, 0x55}};
// IUIAutomationTreeWalker: 4042c624-389c-4afc-a630-9df854a541fc
inline const GUID IID_IUIAutomationTreeWalker
    = {0x4042c624, 0x389c, 0x4afc, {0xa6, 0x30, 0x9d, 0xf8, 0x54, 0xa5, 0x41, 0xfc}};
// IUIAutomationCondition: 352ffba8-0973-437c-a61f-f64cafd81df9
inline const GUID IID_IUIAutomationCondition
    = {0x352ffba8, 0x0973, 0x437c, {0xa6, 0x1f, 0xf6, 0x4c, 0xaf, 0xd8, 0x1d, 0xf9}};
// IUIAutomationInvokePattern: fb377fbe-8ea6-46d5-9c73-6499642d3059
inline const GUID IID_IUIAutomationInvokePattern
    = {0xfb377fbe, 0x8ea6, 0x46d5, {0x9c, 0x73, 0x64, 0x99, 0x64, 0x2d, 0x30, 0x59}};
// IUIAutomationLegacyIAccessiblePattern: 828055ad-355b-4435-86d5-3b51c14a9b1b
inline const GUID IID_IUIAutomationLegacyIAccessiblePattern
    = {0x828055ad, 0x355b, 0x4435, {0x86, 0xd5, 0x3b, 0x51, 0xc1, 0x4a, 0x9b, 0x1b}};

// --- numeric IDs (SDK UIAutomationClient.h) --------------------------------------------------
inline constexpr PATTERNID UIA_InvokePatternId = 10000;
inline constexpr PATTERNID UIA_ValuePatternId = 10002;
inline constexpr PATTERNID UIA_LegacyIAccessiblePatternId = 10018;

inline constexpr PROPERTYID UIA_BoundingRectanglePropertyId = 30001;
inline constexpr PROPERTYID UIA_ProcessIdPropertyId = 30002;
inline constexpr PROPERTYID UIA_ControlTypePropertyId = 30003;
inline constexpr PROPERTYID UIA_NamePropertyId = 30005;
inline constexpr PROPERTYID UIA_ClassNamePropertyId = 30012;
inline constexpr PROPERTYID UIA_NativeWindowHandlePropertyId = 30020;
inline constexpr PROPERTYID UIA_IsOffscreenPropertyId = 30022;
inline constexpr PROPERTYID UIA_IsInvokePatternAvailablePropertyId = 30031;
inline constexpr PROPERTYID UIA_IsValuePatternAvailablePropertyId = 30043;
inline constexpr PROPERTYID UIA_ValueValuePropertyId = 30045;
inline constexpr PROPERTYID UIA_IsLegacyIAccessiblePatternAvailablePropertyId = 30090;
inline constexpr PROPERTYID UIA_LegacyIAccessibleDefaultActionPropertyId = 30100;
inline constexpr PROPERTYID UIA_FullDescriptionPropertyId = 30159; // Windows 10 1703+
inline constexpr PROPERTYID UIA_IsDialogPropertyId = 30174;        // Windows 10 1809+

inline constexpr CONTROLTYPEID UIA_ButtonControlTypeId = 50000;
inline constexpr CONTROLTYPEID UIA_TextControlTypeId = 50020;
inline constexpr CONTROLTYPEID UIA_GroupControlTypeId = 50026;
inline constexpr CONTROLTYPEID UIA_WindowControlTypeId = 50032;
inline constexpr CONTROLTYPEID UIA_PaneControlTypeId = 50033;

// --- interfaces ------------------------------------------------------------------------------
struct IUIAutomationElement;
struct IUIAutomationElementArray;
struct IUIAutomationCacheRequest; // opaque: only passed through signatures, never called
struct IUIAutomationTreeWalker;

// IUIAutomationCondition: no methods of its own (IUnknown only).
struct IUIAutomationCondition : public IUnknown
{};

// IUIAutomationElementArray: complete (2 methods).
struct IUIAutomationElementArray : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE get_Length(int *length) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetElement(int index, IUIAutomationElement **element) = 0;
};

// IUIAutomationElement: slots 1..41 (SetFocus .. get_CurrentBoundingRectangle).
struct IUIAutomationElement : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE SetFocus() = 0;
    virtual HRESULT STDMETHODCALLTYPE GetRuntimeId(SAFEARRAY **runtimeId) = 0;
    virtual HRESULT STDMETHODCALLTYPE FindFirst(TreeScope scope, IUIAutomationCondition *condition,
                                                IUIAutomationElement **found)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FindAll(TreeScope scope, IUIAutomationCondition *condition,
                                              IUIAutomationElementArray **found)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FindFirstBuildCache(TreeScope scope,
                                                          IUIAutomationCondition *condition,
                                                          IUIAutomationCacheRequest *cacheRequest,
                                                          IUIAutomationElement **found)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE FindAllBuildCache(TreeScope scope,
                                                        IUIAutomationCondition *condition,
                                                        IUIAutomationCacheRequest *cacheRequest,
                                                        IUIAutomationElementArray **found)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE BuildUpdatedCache(IUIAutomationCacheRequest *cacheRequest,
                                                        IUIAutomationElement **updatedElement)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCurrentPropertyValue(PROPERTYID propertyId,
                                                              VARIANT *retVal)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCurrentPropertyValueEx(PROPERTYID propertyId,
                                                                BOOL ignoreDefaultValue,
                                                                VARIANT *retVal)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedPropertyValue(PROPERTYID propertyId, VARIANT *retVal)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedPropertyValueEx(PROPERTYID propertyId,
                                                               BOOL ignoreDefaultValue,
                                                               VARIANT *retVal)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCurrentPatternAs(PATTERNID patternId, REFIID riid,
                                                          void **patternObject)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedPatternAs(PATTERNID patternId, REFIID riid,
                                                         void **patternObject)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCurrentPattern(PATTERNID patternId,
                                                        IUnknown **patternObject)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedPattern(PATTERNID patternId,
                                                       IUnknown **patternObject)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedParent(IUIAutomationElement **parent) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCachedChildren(IUIAutomationElementArray **children) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentProcessId(int *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentControlType(CONTROLTYPEID *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentLocalizedControlType(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentName(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentAcceleratorKey(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentAccessKey(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentHasKeyboardFocus(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsKeyboardFocusable(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsEnabled(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentAutomationId(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentClassName(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentHelpText(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentCulture(int *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsControlElement(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsContentElement(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsPassword(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentNativeWindowHandle(UIA_HWND *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentItemType(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsOffscreen(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentOrientation(int *retVal) = 0; // OrientationType
    virtual HRESULT STDMETHODCALLTYPE get_CurrentFrameworkId(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentIsRequiredForForm(BOOL *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentItemStatus(BSTR *retVal) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_CurrentBoundingRectangle(RECT *retVal) = 0;
};

// IUIAutomationTreeWalker: slots 1..4 (GetParentElement .. GetNextSiblingElement).
struct IUIAutomationTreeWalker : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE GetParentElement(IUIAutomationElement *element,
                                                       IUIAutomationElement **parent)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetFirstChildElement(IUIAutomationElement *element,
                                                           IUIAutomationElement **first)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetLastChildElement(IUIAutomationElement *element,
                                                          IUIAutomationElement **last)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetNextSiblingElement(IUIAutomationElement *element,
                                                            IUIAutomationElement **next)
        = 0;
};

// IUIAutomation: slots 1..14 (CompareElements .. get_RawViewWalker).
struct IUIAutomation : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE CompareElements(IUIAutomationElement *el1,
                                                      IUIAutomationElement *el2, BOOL *areSame)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CompareRuntimeIds(SAFEARRAY *runtimeId1,
                                                        SAFEARRAY *runtimeId2, BOOL *areSame)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetRootElement(IUIAutomationElement **root) = 0;
    virtual HRESULT STDMETHODCALLTYPE ElementFromHandle(UIA_HWND hwnd,
                                                        IUIAutomationElement **element)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE ElementFromPoint(POINT pt, IUIAutomationElement **element)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetFocusedElement(IUIAutomationElement **element) = 0;
    virtual HRESULT STDMETHODCALLTYPE
    GetRootElementBuildCache(IUIAutomationCacheRequest *cacheRequest, IUIAutomationElement **root)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE ElementFromHandleBuildCache(
        UIA_HWND hwnd, IUIAutomationCacheRequest *cacheRequest, IUIAutomationElement **element)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE ElementFromPointBuildCache(
        POINT pt, IUIAutomationCacheRequest *cacheRequest, IUIAutomationElement **element)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE GetFocusedElementBuildCache(
        IUIAutomationCacheRequest *cacheRequest, IUIAutomationElement **element)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateTreeWalker(IUIAutomationCondition *pCondition,
                                                       IUIAutomationTreeWalker **walker)
        = 0;
    virtual HRESULT STDMETHODCALLTYPE get_ControlViewWalker(IUIAutomationTreeWalker **walker) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_ContentViewWalker(IUIAutomationTreeWalker **walker) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_RawViewWalker(IUIAutomationTreeWalker **walker) = 0;
};

// IUIAutomationInvokePattern: complete (1 method).
struct IUIAutomationInvokePattern : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE Invoke() = 0;
};

// IUIAutomationLegacyIAccessiblePattern: slots 1..2 (Select, DoDefaultAction).
struct IUIAutomationLegacyIAccessiblePattern : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE Select(long flagsSelect) = 0;
    virtual HRESULT STDMETHODCALLTYPE DoDefaultAction() = 0;
};

} // namespace CutPilot::Automation::Uia::Com
