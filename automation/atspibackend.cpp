#include "atspibackend.h"

#include <QRegularExpression>
#include <QThread>

#include <vector>

extern "C" {
#include <atspi/atspi.h>
}

namespace CutPilot::Automation {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using Core::Editor::UiNode;

namespace {

QString takeString(gchar *text)
{
    const QString result = text ? QString::fromUtf8(text) : QString();
    g_free(text);
    return result;
}

QString errorText(GError *error)
{
    if (!error)
        return u"unknown error"_s;
    const QString text = QString::fromUtf8(error->message);
    g_error_free(error);
    return text;
}

QString roleName(AtspiRole role)
{
    switch (role) {
    case ATSPI_ROLE_FRAME:
    case ATSPI_ROLE_WINDOW:
        return u"window"_s;
    case ATSPI_ROLE_DIALOG:
    case ATSPI_ROLE_FILE_CHOOSER:
        return u"dialog"_s;
    case ATSPI_ROLE_LABEL:
    case ATSPI_ROLE_STATIC:
    case ATSPI_ROLE_TEXT:
        return u"text"_s;
    case ATSPI_ROLE_PANEL:
    case ATSPI_ROLE_FILLER:
    case ATSPI_ROLE_GROUPING:
        return u"group"_s;
    case ATSPI_ROLE_PUSH_BUTTON:
    case ATSPI_ROLE_TOGGLE_BUTTON:
        return u"button"_s;
    default:
        return u"other"_s;
    }
}

/// Keysyms of the keys a profile may send (X11 keysym values).
std::optional<glong> keysym(const QString &key)
{
    static const QHash<QString, glong> named{{u"return"_s, 0xff0d},   {u"enter"_s, 0xff0d},
                                             {u"escape"_s, 0xff1b},   {u"esc"_s, 0xff1b},
                                             {u"tab"_s, 0xff09},      {u"space"_s, 0x20},
                                             {u"pagedown"_s, 0xff56}, {u"pageup"_s, 0xff55}};
    const QString lower = key.toLower();
    if (const auto it = named.constFind(lower); it != named.cend())
        return *it;
    if (key.size() == 1 && key.at(0).unicode() < 0x80)
        return glong(lower.at(0).unicode());
    return std::nullopt;
}

/// libatspi's connection is process-wide, so is its main context: one for the process, created
/// once and never freed (moving the connection off a freed context would touch freed memory).
/// It is never dispatched by Qt's (GLib) event loop.
GMainContext *initAtspi()
{
    static GMainContext *const context = [] {
        GMainContext *c = g_main_context_new();
        atspi_init();
        atspi_set_main_context(c);
        atspi_set_timeout(1000, 15000); // a hung editor answers nothing: give up after 1 s
        return c;
    }();
    return context;
}

} // namespace

struct AtspiBackend::Private
{
    qint64 pid = 0;
    GMainContext *context = nullptr;
    std::vector<AtspiAccessible *> handles; ///< referenced until the next snapshot

    void releaseHandles()
    {
        for (AtspiAccessible *a : handles)
            g_object_unref(a);
        handles.clear();
    }

    QString keep(AtspiAccessible *a)
    {
        handles.push_back(static_cast<AtspiAccessible *>(g_object_ref(a)));
        return QString::number(handles.size() - 1);
    }

    AtspiAccessible *lookup(const QString &handle) const
    {
        bool ok = false;
        const qsizetype i = handle.toLongLong(&ok);
        return ok && i >= 0 && i < qsizetype(handles.size()) ? handles.at(size_t(i)) : nullptr;
    }

    UiNode read(AtspiAccessible *a, int depth, int maxDepth)
    {
        UiNode node;
        node.handle = keep(a);
        node.role = roleName(atspi_accessible_get_role(a, nullptr));
        node.name = takeString(atspi_accessible_get_name(a, nullptr));
        node.description = takeString(atspi_accessible_get_description(a, nullptr));
        if (GHashTable *attributes = atspi_accessible_get_attributes(a, nullptr)) {
            if (auto *value = static_cast<const char *>(g_hash_table_lookup(attributes, "class")))
                node.className = QString::fromUtf8(value);
            g_hash_table_unref(attributes);
        }
        if (node.className.isEmpty()) {
            static const QRegularExpression token(u"(?:^|\\s)class=(\\S+)"_s);
            if (const QRegularExpressionMatch m = token.match(node.description); m.hasMatch())
                node.className = m.captured(1);
        }
        if (AtspiStateSet *states = atspi_accessible_get_state_set(a)) {
            node.showing = atspi_state_set_contains(states, ATSPI_STATE_SHOWING);
            g_object_unref(states);
        }
        if (AtspiComponent *component = atspi_accessible_get_component_iface(a)) {
            if (AtspiRect *r
                = atspi_component_get_extents(component, ATSPI_COORD_TYPE_SCREEN, nullptr)) {
                node.extents = QRect(r->x, r->y, r->width, r->height);
                g_free(r);
            }
            g_object_unref(component);
        }
        if (AtspiAction *action = atspi_accessible_get_action_iface(a)) {
            const gint n = atspi_action_get_n_actions(action, nullptr);
            for (gint i = 0; i < n; ++i)
                node.actions.append(takeString(atspi_action_get_action_name(action, i, nullptr)));
            g_object_unref(action);
        }
        if (!node.showing || depth >= maxDepth)
            return node; // hidden subtrees are not in the UIA tree either
        const gint count = atspi_accessible_get_child_count(a, nullptr);
        for (gint i = 0; i < count && i < 500; ++i) {
            AtspiAccessible *child = atspi_accessible_get_child_at_index(a, i, nullptr);
            if (!child)
                continue;
            node.children.append(read(child, depth + 1, maxDepth));
            g_object_unref(child);
        }
        return node;
    }

    /// The application nodes of the target process.
    QList<AtspiAccessible *> applications()
    {
        QList<AtspiAccessible *> apps;
        AtspiAccessible *desktop = atspi_get_desktop(0);
        if (!desktop)
            return apps;
        const gint count = atspi_accessible_get_child_count(desktop, nullptr);
        for (gint i = 0; i < count; ++i) {
            AtspiAccessible *app = atspi_accessible_get_child_at_index(desktop, i, nullptr);
            if (!app)
                continue;
            if (qint64(atspi_accessible_get_process_id(app, nullptr)) == pid) {
                atspi_accessible_set_cache_mask(app, ATSPI_CACHE_NONE);
                atspi_accessible_clear_cache(app);
                apps.append(app);
            } else {
                g_object_unref(app);
            }
        }
        g_object_unref(desktop);
        return apps;
    }
};

AtspiBackend::AtspiBackend(qint64 pid)
    : d(std::make_unique<Private>())
{
    d->pid = pid;
    d->context = initAtspi();
}

AtspiBackend::~AtspiBackend()
{
    d->releaseHandles();
}

void AtspiBackend::setPid(qint64 pid)
{
    d->pid = pid;
}

Result<QList<UiNode>> AtspiBackend::snapshot(int maxDepth)
{
    while (g_main_context_iteration(d->context, FALSE)) {
    } // pending bus messages (cache updates) first
    d->releaseHandles();
    QList<UiNode> windows;
    const QList<AtspiAccessible *> apps = d->applications();
    if (apps.isEmpty())
        return Error(
            ErrorCode::EditorNotRunning,
            u"no accessible application of process %1 on the accessibility bus"_s.arg(d->pid));
    for (AtspiAccessible *app : apps) {
        const gint count = atspi_accessible_get_child_count(app, nullptr);
        for (gint i = 0; i < count; ++i) {
            if (AtspiAccessible *window = atspi_accessible_get_child_at_index(app, i, nullptr)) {
                windows.append(d->read(window, 0, maxDepth));
                g_object_unref(window);
            }
        }
        g_object_unref(app);
    }
    return windows;
}

Result<> AtspiBackend::activate(const UiNode &node, bool clickAllowed)
{
    AtspiAccessible *a = d->lookup(node.handle);
    if (!a)
        return Error(ErrorCode::AutomationFailed,
                     u"element '%1' is from an older snapshot"_s.arg(node.name));
    static const QStringList preferred{u"press"_s, u"click"_s, u"activate"_s, u"invoke"_s};
    for (qsizetype i = 0; i < node.actions.size(); ++i) {
        if (!preferred.contains(node.actions.at(i).toLower()))
            continue;
        AtspiAction *action = atspi_accessible_get_action_iface(a);
        if (!action)
            break;
        GError *error = nullptr;
        const gboolean done = atspi_action_do_action(action, gint(i), &error);
        g_object_unref(action);
        if (done)
            return {};
        return Error(ErrorCode::AutomationFailed,
                     u"action '%1' on '%2' failed: %3"_s.arg(node.actions.at(i), node.name,
                                                             errorText(error)));
    }
    if (!clickAllowed)
        return Error(ErrorCode::AutomationFailed,
                     u"element '%1' offers no action and the profile allows no clicks"_s.arg(
                         node.description.isEmpty() ? node.name : node.description));
    if (node.extents.isEmpty())
        return Error(ErrorCode::AutomationFailed,
                     u"element '%1' has no position on screen to click"_s.arg(node.name));
    const QPoint centre = node.extents.center();
    GError *error = nullptr;
    if (!atspi_generate_mouse_event(centre.x(), centre.y(), "b1c", &error))
        return Error(
            ErrorCode::AutomationFailed,
            u"click at %1,%2 failed: %3"_s.arg(centre.x()).arg(centre.y()).arg(errorText(error)));
    return {};
}

Result<> AtspiBackend::sendKeys(const UiNode &window, const QString &keys)
{
    if (AtspiAccessible *a = d->lookup(window.handle)) {
        if (AtspiComponent *component = atspi_accessible_get_component_iface(a)) {
            atspi_component_grab_focus(component, nullptr); // best effort
            g_object_unref(component);
        }
    }
    // "Ctrl+E": modifiers are locked around the key (X11 modifier masks), the key is sent by
    // keysym, so no keycode table is needed.
    const QStringList parts = keys.split(u'+');
    glong modifiers = 0;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        const QString m = parts.at(i).trimmed().toLower();
        if (m == u"shift")
            modifiers |= 1 << ATSPI_MODIFIER_SHIFT;
        else if (m == u"ctrl" || m == u"control")
            modifiers |= 1 << ATSPI_MODIFIER_CONTROL;
        else if (m == u"alt")
            modifiers |= 1 << ATSPI_MODIFIER_ALT;
        else
            return Error::invalidArgument(
                u"keys"_s, u"'%1' in '%2' is not a modifier"_s.arg(parts.at(i), keys));
    }
    const std::optional<glong> sym = keysym(parts.constLast().trimmed());
    if (!sym)
        return Error::invalidArgument(
            u"keys"_s,
            u"'%1' in '%2' is not a key this backend knows"_s.arg(parts.constLast(), keys));
    GError *error = nullptr;
    bool ok = true;
    if (modifiers)
        ok = atspi_generate_keyboard_event(modifiers, nullptr, ATSPI_KEY_LOCKMODIFIERS, &error);
    if (ok)
        ok = atspi_generate_keyboard_event(*sym, nullptr, ATSPI_KEY_SYM, &error);
    if (modifiers) {
        GError *unlockError = nullptr;
        atspi_generate_keyboard_event(modifiers, nullptr, ATSPI_KEY_UNLOCKMODIFIERS, &unlockError);
        if (unlockError)
            g_error_free(unlockError);
    }
    if (!ok)
        return Error(ErrorCode::AutomationFailed,
                     u"sending %1 failed: %2"_s.arg(keys, errorText(error)));
    return {};
}

bool AtspiBackend::isResponsive()
{
    const QList<AtspiAccessible *> apps = d->applications();
    bool answered = false;
    for (AtspiAccessible *app : apps) {
        GError *error = nullptr;
        const gint count = atspi_accessible_get_child_count(app, &error);
        answered = answered || (!error && count >= 0);
        if (error)
            g_error_free(error);
        g_object_unref(app);
    }
    return answered;
}

bool AtspiBackend::busAvailable()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return false;
    initAtspi();
    AtspiAccessible *desktop = atspi_get_desktop(0);
    if (!desktop)
        return false;
    g_object_unref(desktop);
    return true;
}

} // namespace CutPilot::Automation
