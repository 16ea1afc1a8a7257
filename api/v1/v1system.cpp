// /api/v1: the editor's status, the settings that are safe to expose, and the OpenAPI document.
#include "api/openapi.h"
#include "core/support/settings.h"
#include "v1support.h"

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using Key = Core::Settings::Key;

namespace {

/// Readable and writable over the API. Never writable: anything that widens what a client may
/// touch or run (allowedFolders, draftsFolder, editorExecutable), weakens security
/// (requireTokenEverywhere) or moves the listener (apiListenAddress).
const QList<Key> Writable{Key::EditorProfile,  Key::Language,         Key::LogLevel,
                          Key::StartMinimized, Key::DownloadMaxBytes, Key::MediaCacheMaxBytes};
const QList<Key> ReadOnly{Key::DraftsFolder, Key::AllowedFolders, Key::RequireTokenEverywhere,
                          Key::ApiListenAddress};

QJsonObject settingsJson(const Core::Settings &settings)
{
    QJsonObject values;
    for (Key key : Writable + ReadOnly)
        values.insert(Core::Settings::keyName(key), QJsonValue::fromVariant(settings.value(key)));
    QJsonArray writable;
    for (Key key : Writable)
        writable.append(Core::Settings::keyName(key));
    return QJsonObject{{u"values"_s, values}, {u"writable"_s, writable}};
}

HttpResponse getSettings(const Context &c)
{
    if (!c.services.settings)
        return error(unavailable(u"settings"_s));
    return HttpResponse::json(settingsJson(*c.services.settings));
}

HttpResponse patchSettings(const Context &c, const HttpRequest &request)
{
    Core::Settings *settings = c.services.settings;
    if (!settings)
        return error(unavailable(u"settings"_s));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    // Everything is checked before anything is stored: all or nothing.
    QList<QPair<Key, QVariant>> changes;
    Fields f(*body);
    for (auto it = body->constBegin(); it != body->constEnd() && f.ok(); ++it) {
        Result<Key> key = Core::Settings::keyFromName(it.key());
        if (!key || (!Writable.contains(*key) && !ReadOnly.contains(*key))) {
            f.fail(Error::invalidArgument(
                it.key().left(64), u"'%1' is not a setting of this API"_s.arg(it.key().left(64))));
            break;
        }
        if (ReadOnly.contains(*key)) {
            f.fail(Error(ErrorCode::Forbidden,
                         u"'%1' can only be changed in CutPilot itself"_s.arg(it.key()),
                         {{u"field"_s, it.key()}}));
            break;
        }
        std::optional<QVariant> raw;
        switch (*key) {
        case Key::StartMinimized:
            if (auto v = f.boolean(it.key(), true))
                raw = *v;
            break;
        case Key::DownloadMaxBytes:
        case Key::MediaCacheMaxBytes:
            if (auto v = f.integer(it.key(), 0, std::numeric_limits<qint64>::max() / 2, true))
                raw = *v;
            break;
        default:
            if (auto v = f.string(it.key(), 64, true))
                raw = *v;
            break;
        }
        if (!raw)
            break;
        Result<QVariant> valid = settings->validate(*key, *raw);
        if (!valid) {
            Error e = valid.error();
            f.fail(e.field().isEmpty() ? e.withDetail(u"field"_s, it.key()) : e);
            break;
        }
        changes.append({*key, *valid});
    }
    if (!f.ok())
        return error(f.error());
    for (const auto &[key, value] : std::as_const(changes)) {
        if (Result<> stored = settings->setValue(key, value); !stored)
            return error(stored.error());
    }
    return HttpResponse::json(settingsJson(*settings));
}

HttpResponse editorStatus(const Context &c)
{
    // The editor host's own report (app/EditorHost): state, profile, pid, restarts, standin …
    if (c.services.editor.status)
        return HttpResponse::json(c.services.editor.status());
    QJsonObject body{
        {u"state"_s, u"not-configured"_s},
        {u"configured"_s, false},
        {u"supervisor"_s, false},
        {u"standin"_s, false},
        {u"message"_s, c.services.editor.unavailableReason.isEmpty()
                           ? u"no editor is configured: set editorExecutable, or start CutPilot "
                             "with --editor standin (the stand-in editor)"_s
                           : c.services.editor.unavailableReason},
    };
    if (c.services.settings) {
        body.insert(u"draftsFolder"_s, c.services.settings->draftsFolder());
        body.insert(u"editorProfile"_s, c.services.settings->editorProfile());
    }
    return HttpResponse::json(body);
}

void runDoctor(const Context &c, HttpResponder responder)
{
    if (!c.services.editor.doctor)
        return responder.send(error(Core::Error(Core::ErrorCode::Unavailable,
                                                c.services.editor.unavailableReason.isEmpty()
                                                    ? u"no editor is configured"_s
                                                    : c.services.editor.unavailableReason,
                                                {{u"service"_s, u"editor"_s}})));
    auto shared = std::make_shared<HttpResponder>(std::move(responder));
    c.services.editor.doctor([shared](const Core::Result<QJsonObject> &report) {
        shared->send(report ? HttpResponse::json(*report) : error(report.error()));
    });
}

} // namespace

void registerSystemRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    router.addAsyncDocumented(
        "POST", u"/api/v1/editor/doctor"_s, u"v1.editor.doctor"_s,
        u"Check the running editor against its automation profile (editor-automation.md §10.6): "
        "{product, version, profile, states, elements, windows, passed, problems}. After the "
        "editor's version changed, a pass releases the held export queue (released: true)."_s,
        RouteDoc{{u"editor"_s},
                 {},
                 {},
                 {{200, u"The report; passed says whether the profile fits"_s},
                  {409, u"an export is running"_s},
                  {502, u"the editor's accessibility tree cannot be read"_s},
                  {503, u"no editor is configured, or it is not running"_s}},
                 {}},
        [c](HttpRequest, HttpResponder responder) { runDoctor(*c, std::move(responder)); });
    router.addDocumented("GET", u"/api/v1/editor"_s, u"v1.editor"_s,
                         u"The desktop editor's status: state (stopped, starting, ready, busy, "
                         "unresponsive, restarting, failed, or not-configured), profile, product, "
                         "version, versionChange, pid, restarts, standin, lastReason, queue "
                         "{paused, hold, currentJob}."_s,
                         RouteDoc{{u"editor"_s}, {}, {}, {}, {}},
                         [c](const HttpRequest &) { return editorStatus(*c); });
    QJsonObject properties;
    for (Key key : Writable)
        properties.insert(Core::Settings::keyName(key), QJsonObject{});
    router.addDocumented("GET", u"/api/v1/settings"_s, u"v1.settings.get"_s,
                         u"The settings that are safe to expose: {values, writable}."_s,
                         RouteDoc{{u"settings"_s}, {}, {}, {{200, {}}, {503, {}}}, {}},
                         [c](const HttpRequest &) { return getSettings(*c); });
    router.addDocumented("PATCH", u"/api/v1/settings"_s, u"v1.settings.patch"_s,
                         u"Change writable settings (all or nothing)."_s,
                         RouteDoc{{u"settings"_s},
                                  {},
                                  QJsonObject{{u"type"_s, u"object"_s},
                                              {u"additionalProperties"_s, false},
                                              {u"properties"_s, properties}},
                                  {{200, {}},
                                   {400, {}},
                                   {403, u"A read-only setting"_s},
                                   {415, {}},
                                   {422, {}},
                                   {503, {}}},
                                  {}},
                         [c](const HttpRequest &r) { return patchSettings(*c, r); });
    router.addDocumented("GET", u"/api/v1/openapi.json"_s, u"v1.openapi"_s,
                         u"This API as an OpenAPI 3.1 document, generated from the route table."_s,
                         RouteDoc{{u"system"_s}, {}, {}, {}, {}}, [c](const HttpRequest &) {
                             OpenApi::Info info;
                             info.version = c->buildInfo.version;
                             return HttpResponse::json(OpenApi::document(*c->router, info));
                         });
}

} // namespace CutPilot::Api::V1
