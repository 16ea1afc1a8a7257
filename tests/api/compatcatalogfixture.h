#pragma once

// Shared by tst_compatcatalog: a small catalog of our own (tests must not depend on the
// reference data) and helpers to read the answers and drafts.

#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftmodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>

#include <memory>
#include <tuple>

namespace CompatCatalogFixture {

using namespace Qt::StringLiterals;
using CutPilot::Core::CatalogEntry;
using CutPilot::Core::CatalogKind;
using CutPilot::Core::CatalogNamespace;
namespace Core = CutPilot::Core;

inline CatalogEntry entry(CatalogKind kind, CatalogNamespace ns, const QString &name,
                          const QStringList &aliases, const QString &resourceId,
                          const QList<Core::CatalogParam> &params = {})
{
    CatalogEntry e;
    std::tie(e.kind, e.ns, e.name, e.aliases, e.resourceId, e.params)
        = std::tie(kind, ns, name, aliases, resourceId, params);
    e.effectId = u"631215"_s;
    return e;
}

/// A small catalog of our own (tests must not depend on the reference data).
inline std::shared_ptr<Core::CatalogRegistry> smallCatalog()
{
    constexpr auto lv = CatalogNamespace::JianYing;
    constexpr auto cc = CatalogNamespace::CapCut;
    auto registry = std::make_shared<Core::CatalogRegistry>();
    registry->add({
        entry(CatalogKind::SceneEffect, lv, u"金粉"_s, {}, u"6709706378702754312"_s,
              {{u"effects_adjust_speed"_s, 0.33, 0.0, 1.0},
               {u"effects_adjust_background_animation"_s, 1.0, 0.0, 1.0}}),
        entry(CatalogKind::SceneEffect, lv, u"1998"_s, {u"_1998"_s}, u"6981791065204331044"_s),
        entry(CatalogKind::SceneEffect, lv, u"Fade In"_s, {u"Fade_In"_s}, u"6722343568188379661"_s,
              {{u"effects_adjust_range"_s, 0.5, -1.0, 1.0}}),
        entry(CatalogKind::CharacterEffect, lv, u"BOOM！"_s, {u"BOOM"_s}, u"6999560597230588429"_s),
        entry(CatalogKind::SceneEffect, cc, u"Shake"_s, {u"Shake_4"_s}, u"6761645818723176968"_s),
        entry(CatalogKind::Transition, lv, u"3D空间"_s, {u"_3D空间"_s}, u"7049979667406656014"_s),
        entry(CatalogKind::Transition, lv, u"叠化"_s, {}, u"6724845717472416269"_s),
        entry(CatalogKind::VoiceChanger, lv, u"8bit"_s, {u"_8bit"_s}, u"7161319747584266766"_s,
              {{u"change_voice_param_pitch_shift"_s, 0.58, 0.0, 1.0}}),
        entry(CatalogKind::AudioSceneEffect, lv, u"回音"_s, {}, u"7161319747584266767"_s),
        entry(CatalogKind::Sticker, lv, QString(), {}, u"7226264929109134602"_s),
    });
    return registry;
}

struct Answer
{
    int status = 0;
    bool success = false;
    QJsonValue output;
    QString error;
    QString draftId() const { return output.toObject().value(u"draft_id"_s).toString(); }
    QString warning() const { return output.toObject().value(u"warning"_s).toString(); }
};

inline const Core::Track *trackNamed(const Core::Draft &draft, const QString &name)
{
    for (const Core::Track &t : draft.tracks) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

/// adjust_params of an effect material as name → value.
inline QMap<QString, double> adjustValues(const Core::Segment &segment)
{
    QMap<QString, double> out;
    const QJsonArray params = segment.main->json.value(u"adjust_params"_s).toArray();
    for (const QJsonValue &p : params)
        out.insert(p[u"name"_s].toString(), p[u"value"_s].toDouble());
    return out;
}

} // namespace CompatCatalogFixture
