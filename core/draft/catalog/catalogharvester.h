#pragma once

#include "catalogentry.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace CutPilot::Core {

/// Learns catalog entries from a plaintext content document (draft_content.json), per
/// spec/draft-format.md §13.4: stickers, effects (filter, text_shape → TextBubble, text_effect →
/// FlowerText, mix_mode), video_effects (adjust_params → params), transitions, material_animations,
/// masks/common_mask, text style font and effectStyle ids, audio_effects.
///
/// The namespace comes from platform.app_source (then last_modified_platform.app_source; JianYing
/// when neither says). Names are the materials' `name` where present and empty otherwise (stickers,
/// bubbles, flower text and fonts carry none). Every entry's origin is "harvested:<origin>" (origin
/// is used as is when it already starts with "harvested:"). Each kind + resource id appears once.
/// Malformed parts (an id that is not an exact integer, unreadable text content) are skipped with a
/// warning (logged and appended to *warnings when given); harvesting never fails.
QList<CatalogEntry> harvestCatalogEntries(const QJsonObject &contentDocument, const QString &origin,
                                          QStringList *warnings = nullptr);

} // namespace CutPilot::Core
