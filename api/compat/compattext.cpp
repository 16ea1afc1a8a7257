// The CapCutAPI text routes: POST /add_text (spec/capcutapi-compat.md §5.5) and POST
// /add_subtitle (§5.6), written into the draft per spec/draft-format.md §12. Every call is read
// and checked completely before the draft is touched, and the segments (with their track, when it
// is new) go in with one DraftService step: a failed call changes nothing (§4.5, FIX).

#include "compatcontext.h"
#include "compatroutes.h"
#include "compattext_p.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftbuilders.h"
#include "core/draft/draftstore.h"
#include "core/draft/subtitles/subtitleparser.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/log.h"

#include <QFile>
#include <QJsonArray>
#include <QStringDecoder>

#include <algorithm>
#include <optional>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::Result;
using Core::TextStyle;
using Outcome = CompatApi::Outcome;
using CompatText::MaxSeconds;
using CompatText::Reader;

namespace {

const QString TextPrefix = u"Error occurred while processing text: "_s;
const QString SubtitlePrefix = u"Error occurred while processing subtitle: "_s;
const QString MissingText
    = u"Hi, the required parameters 'text', 'start' or 'end' are missing. "_s;  // KEEP (§5.5)
const QString MissingSrt = u"Hi, the required parameters 'srt' are missing."_s; // KEEP (§5.6)
constexpr int SubtitleLayer = 999; // text base 15000 + 999 (§4.5, KEEP)

QString folded(const QString &name)
{
    QString out;
    for (QChar c : name) {
        if (c != u' ' && c != u'_' && c != u'-')
            out += c.toLower();
    }
    return out;
}

/// A compat name (§6): exact alias or name (CatalogRegistry::find, which also tries English
/// names and case), then the normalised match when it is unique.
std::optional<Core::CatalogEntry> resolve(const CompatContext &context, Core::CatalogKind kind,
                                          Core::CatalogNamespace ns, const QString &name)
{
    const auto &catalogs = context.services().catalogs;
    if (!catalogs || name.isEmpty())
        return std::nullopt;
    if (std::optional<Core::CatalogEntry> found = catalogs->find(kind, ns, name))
        return found;
    const QString key = folded(name);
    std::optional<Core::CatalogEntry> match;
    for (const Core::CatalogEntry &e : catalogs->list(kind, ns)) {
        QStringList names = e.aliases;
        names << e.name << e.nameEn;
        if (std::none_of(names.begin(), names.end(),
                         [&](const QString &n) { return !n.isEmpty() && folded(n) == key; }))
            continue;
        if (match)
            return std::nullopt; // ambiguous
        match = e;
    }
    return match;
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return int(row[b.size()]);
}

/// Fonts come from the JianYing list in both namespaces (§6, KEEP). Returns the font's resource
/// id; empty for the route's default font when the catalog does not hold it (the editor's default
/// font is used then).
Result<QString> fontId(const CompatContext &context, const QString &name,
                       const QString &defaultFont)
{
    using Core::CatalogKind;
    const auto ns = Core::CatalogNamespace::JianYing;
    const auto &catalogs = context.services().catalogs;
    const QList<Core::CatalogEntry> fonts
        = catalogs ? catalogs->list(CatalogKind::Font, ns) : QList<Core::CatalogEntry>();
    if (std::optional<Core::CatalogEntry> font = resolve(context, CatalogKind::Font, ns, name))
        return font->resourceId;
    if (name == defaultFont)
        return QString();
    const QString head = u"Unsupported font: %1, please use one of the fonts in Font_type: "_s;
    if (fonts.isEmpty())
        return Core::Error(Core::ErrorCode::NotFound,
                           head.arg(name)
                               + u"[%1] (no font catalog is loaded, so only the "
                                 "default font can be used)"_s.arg(defaultFont));
    // The 20 closest names (§5.5 allows the shortened list), as the font list route names them.
    const QString key = folded(name);
    QList<std::pair<int, QString>> ranked;
    for (const Core::CatalogEntry &e : fonts) {
        const QString shown = e.aliases.isEmpty() ? e.name : e.aliases.first();
        const QString candidate = folded(shown);
        const bool contains = !key.isEmpty() && candidate.contains(key);
        ranked.append({contains ? 0 : 1 + editDistance(key, candidate), shown});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList names;
    for (qsizetype i = 0; i < ranked.size() && i < 20; ++i)
        names.append(ranked.at(i).second);
    return Core::Error(Core::ErrorCode::NotFound,
                       head.arg(name) + u"["_s + names.join(u", "_s) + u"]"_s);
}

/// The look shared by add_text and add_subtitle: the base run, global alpha, typesetting and the
/// background (§5.5, §5.6).
struct Look
{
    TextStyle base;
    QString font;
    QString defaultFont;
    double alpha = 1.0;
    bool vertical = false;
    QColor borderColor = Qt::black;
    double borderAlpha = 1.0;
    std::optional<Core::TextBackground> background;
};

struct LookKeys
{
    QString color, size, alpha;
    QString font, defaultColor;
    double defaultSize = 8.0;
};

Look readLook(Reader &r, const CompatContext &context, const LookKeys &keys)
{
    Look look;
    look.font = r.string(u"font"_s, keys.font);
    if (look.font.isEmpty())
        look.font = keys.font;
    look.defaultFont = keys.font;
    look.base.color = r.color(keys.color, keys.defaultColor, true);
    look.base.size = r.positive(keys.size, keys.defaultSize);
    look.alpha = r.ranged(keys.alpha, 1.0, 0, 1, u"alpha"_s);
    look.vertical = r.boolean(u"vertical"_s, false);
    // Stroke: 0..100 in the UI, width / 100 × 0.2 in the draft (§5.5, §12.2).
    const double borderWidth = r.ranged(u"border_width"_s, 0, 0, 100);
    look.borderColor = r.color(u"border_color"_s, u"#000000"_s, true);
    look.borderAlpha = r.ranged(u"border_alpha"_s, 1.0, 0, 1);
    if (borderWidth > 0) {
        look.base.strokeColor = look.borderColor;
        look.base.strokeWidth = borderWidth / 100 * 0.2;
    }
    const double backgroundAlpha = r.ranged(u"background_alpha"_s, 0, 0, 1);
    if (backgroundAlpha > 0) { // style and colour are only looked at with a background (§5.5.2)
        Core::TextBackground bg;
        bg.alpha = backgroundAlpha;
        bg.color = r.color(u"background_color"_s, u"#000000"_s);
        // CapCutAPI indexes a two-element table with v − 1: 0 ⇒ style 2, −1 ⇒ style 1 (KEEP).
        const qint64 style = r.integer(u"background_style"_s, 0);
        if (style < -1 || style > 2)
            r.fail(u"background_style must be 1 or 2 (0 means 2, -1 means 1), got %1"_s.arg(style));
        bg.style = (style == 1 || style == -1) ? 1 : 2;
        bg.roundRadius = r.ranged(u"background_round_radius"_s, 0, 0, 1);
        bg.height = r.ranged(u"background_height"_s, 0.14, 0, 1);
        bg.width = r.ranged(u"background_width"_s, 0.14, 0, 1);
        bg.horizontalOffset = 2 * r.ranged(u"background_horizontal_offset"_s, 0.5, 0, 1) - 1;
        bg.verticalOffset = 2 * r.ranged(u"background_vertical_offset"_s, 0.5, 0, 1) - 1;
        look.background = bg;
    }
    if (!r.error()) {
        Result<QString> id = fontId(context, look.font, keys.font);
        if (!id)
            r.fail(id.error().message());
        else
            look.base.fontId = *id;
    }
    return look;
}

/// Start and end in seconds ⇒ a timeline range in µs (§4.3); end must be after start (FIX).
std::optional<Core::TimeRange> timeRange(Reader &r, double start, double end)
{
    if (r.error())
        return std::nullopt;
    if (start < 0 || start > MaxSeconds)
        r.fail(u"start must be between 0 and %1 seconds, got %2"_s.arg(MaxSeconds).arg(start));
    else if (end <= start || end > MaxSeconds)
        r.fail(u"end must be after start (%1 s) and at most %2 seconds, got %3"_s.arg(start)
                   .arg(MaxSeconds)
                   .arg(end));
    if (r.error())
        return std::nullopt;
    const qint64 startUs = CompatParams::microseconds(start);
    const qint64 endUs = CompatParams::microseconds(end);
    if (endUs <= startUs) {
        r.fail(u"end must be after start, got a duration below 1 µs"_s);
        return std::nullopt;
    }
    return Core::TimeRange{startUs, endUs - startUs};
}

/// §5.5.1: per-range styles in code points ⇒ runs in UTF-16 code units covering the whole text
/// (§12.2). Gaps take the base style (with the top-level border); a range gets a stroke only from
/// its own `border` with a width > 0 (KEEP). Every item error names the item and field (FIX).
QList<TextStyle> styledRuns(Reader &r, const CompatContext &context, const QJsonValue &value,
                            const QString &text, const Look &look)
{
    QList<qsizetype> offsets; // the UTF-16 offset of every code point, plus the end
    for (qsizetype i = 0; i < text.size(); ++i) {
        offsets.append(i);
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
    }
    offsets.append(text.size());
    const qsizetype length = offsets.size() - 1;
    if (value.isUndefined() || value.isNull()) {
        TextStyle run = look.base;
        run.length = text.size();
        return {run};
    }
    if (!value.isArray()) {
        r.fail(u"text_styles must be a list of objects"_s);
        return {};
    }
    struct Item
    {
        qsizetype start = 0;
        qsizetype end = 0;
        TextStyle style;
    };
    QList<Item> items;
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size() && !r.error(); ++i) {
        const QString where = u"text_styles[%1]"_s.arg(i);
        if (!list.at(i).isObject()) {
            r.fail(where + u" must be an object"_s);
            break;
        }
        const QJsonObject object = list.at(i).toObject();
        Reader item(object, where + u": "_s);
        if (!item.has(u"start"_s) || !item.has(u"end"_s))
            item.fail(u"start and end are required"_s);
        const qint64 start = item.integer(u"start"_s, 0);
        const qint64 end = item.integer(u"end"_s, 0);
        if (!item.error() && !(start >= 0 && start < end && end <= length))
            item.fail(u"无效的文本范围: [%1, %2), 文本长度: %3"_s.arg(start).arg(end).arg(length));
        for (const QString &key : {u"style"_s, u"border"_s}) {
            const QJsonValue v = object.value(key);
            if (!v.isUndefined() && !v.isNull() && !v.isObject())
                item.fail(u"%1 must be an object"_s.arg(key));
        }
        Reader s(object.value(u"style"_s).toObject(), where + u".style: "_s);
        TextStyle style = look.base;
        style.strokeColor.reset();
        style.strokeWidth = TextStyle().strokeWidth;
        style.size = s.positive(u"size"_s, look.base.size);
        style.bold = s.boolean(u"bold"_s, false);
        style.italic = s.boolean(u"italic"_s, false);
        style.underline = s.boolean(u"underline"_s, false);
        style.color = s.color(u"color"_s, look.base.color.name());
        // Validated, but opacity, alignment, typesetting and spacing are per text in the draft
        // (§12.1): the text's own values apply to every run.
        s.ranged(u"alpha"_s, look.alpha, 0, 1);
        const qint64 align = s.integer(u"align"_s, 1);
        if (align < 0 || align > 2)
            s.fail(u"align must be 0 (left), 1 (centre) or 2 (right), got %1"_s.arg(align));
        s.boolean(u"vertical"_s, look.vertical);
        s.number(u"letter_spacing"_s, 0);
        s.number(u"line_spacing"_s, 0);
        Reader b(object.value(u"border"_s).toObject(), where + u".border: "_s);
        if (const double width = b.ranged(u"width"_s, 0, 0, 100); width > 0) {
            style.strokeColor = b.color(u"color"_s, look.borderColor.name());
            b.ranged(u"alpha"_s, look.borderAlpha, 0, 1);
            style.strokeWidth = width / 100 * 0.2;
        }
        const QString font = item.string(u"font"_s, look.font);
        if (!item.error() && !font.isEmpty() && font != look.font) {
            if (Result<QString> id = fontId(context, font, look.defaultFont); id)
                style.fontId = *id;
            else
                item.fail(id.error().message());
        }
        for (const Reader *reader : {&item, &s, &b}) {
            if (reader->error())
                r.fail(*reader->error());
        }
        items.append({start, end, style});
    }
    if (r.error())
        return {};
    std::stable_sort(items.begin(), items.end(),
                     [](const Item &a, const Item &b) { return a.start < b.start; });
    QList<TextStyle> runs;
    const auto add = [&](TextStyle run, qsizetype from, qsizetype to) {
        run.start = offsets.at(from);
        run.length = offsets.at(to) - offsets.at(from);
        runs.append(run);
    };
    qsizetype cursor = 0;
    for (const Item &item : std::as_const(items)) {
        if (item.start < cursor) {
            r.fail(u"text_styles ranges overlap at character %1"_s.arg(item.start));
            return {};
        }
        if (item.start > cursor)
            add(look.base, cursor, item.start);
        add(item.style, item.start, item.end);
        cursor = item.end;
    }
    if (cursor < length || runs.isEmpty())
        add(look.base, cursor, length);
    return runs;
}

/// Removes the draft an implicit creation made for a call that then failed (atomic, §4.5).
Outcome failAfterCreation(CompatContext &context, const CompatContext::Target &target, bool created,
                          const QString &message)
{
    if (created) {
        if (Result<> removed = context.services().workspace->remove(target.draftId); !removed)
            Core::Log::get(Core::Log::Api)
                ->warn("could not remove the draft of a failed call: {}",
                       removed.error().message().toStdString());
    }
    return Outcome::fail(message);
}

/// Whether draftFor will create a draft for this call (no or an unknown draft_id).
bool createsDraft(CompatContext &context, const CompatParams &p)
{
    const QString id = p.body().value(u"draft_id"_s).toString();
    return id.isEmpty() || !context.services().workspace->store().contains(id);
}

/// The text track `name` of the draft, or nullptr (a track of another type is reported by
/// DraftService::addTextSegments).
const Core::Track *textTrack(const Core::Draft &draft, const QString &name)
{
    for (const Core::Track &t : draft.tracks) {
        if (t.name == name)
            return t.type == Core::TrackType::Text ? &t : nullptr;
    }
    return nullptr;
}

/// §4.5 (KEEP text): the overlap message for `target`, whatever it overlaps.
QString overlapText(Core::TimeRange target)
{
    Core::Draft probe;
    Core::Track track;
    track.id = u"probe"_s;
    Core::Segment self;
    self.target = target;
    track.segments.append(self);
    probe.tracks.append(track);
    return CompatContext::overlapMessage(probe, track.id, target);
}

Outcome addText(CompatContext &context, const CompatParams &p)
{
    const QJsonObject &body = p.body();
    const auto sentNull = [&body](const QString &key) {
        return body.contains(key) && body.value(key).isNull();
    };
    if (p.isMissing(u"text"_s) || sentNull(u"start"_s) || sentNull(u"end"_s))
        return Outcome::fail(MissingText);
    Reader r(body);
    const QString text = r.string(u"text"_s);
    const double start = r.number(u"start"_s, 0);
    const double end = r.number(u"end"_s, 5);
    QString trackName = r.string(u"track_name"_s, u"text_main"_s);
    if (trackName.isEmpty())
        trackName = u"text_main"_s; // FIX: null no longer makes an audio track
    // Aliases (KEEP): the short names win when both are sent.
    const LookKeys keys{r.has(u"color"_s) ? u"color"_s : u"font_color"_s,
                        r.has(u"size"_s) ? u"size"_s : u"font_size"_s,
                        r.has(u"alpha"_s) ? u"alpha"_s : u"font_alpha"_s,
                        u"文轩体"_s,
                        u"#FF0000"_s,
                        8.0};
    Look look = readLook(r, context, keys);
    Core::Transform transform;
    transform.x = r.number(u"transform_x"_s, 0);
    transform.y = r.number(u"transform_y"_s, 0);
    const double fixedWidth = r.number(u"fixed_width"_s, -1);
    const double fixedHeight = r.number(u"fixed_height"_s, -1);
    for (const auto &[key, value] :
         {std::pair{u"fixed_width"_s, fixedWidth}, std::pair{u"fixed_height"_s, fixedHeight}}) {
        if (value > 1)
            r.fail(u"%1 is a fraction of the canvas (0..1, or -1 for automatic), got %2"_s.arg(key)
                       .arg(value));
    }
    if (r.boolean(u"shadow_enabled"_s, false)) {
        look.base.shadowColor = r.color(u"shadow_color"_s, u"#000000"_s);
        look.base.shadowAlpha = r.ranged(u"shadow_alpha"_s, 0.9, 0, 1);
        look.base.shadowAngle = r.ranged(u"shadow_angle"_s, -45, -180, 180);
        look.base.shadowDistance = r.ranged(u"shadow_distance"_s, 5, 0, 100);
        // UI diffuse = smoothing × 100; the draft holds UI ÷ 100 ÷ 6 (§12.2).
        look.base.shadowDiffuse = r.ranged(u"shadow_smoothing"_s, 0.15, 0, 1) / 6;
    }
    QList<Core::AuxMaterial> aux;
    const QString bubbleEffect = r.id(u"bubble_effect_id"_s);
    const QString bubbleResource = r.id(u"bubble_resource_id"_s);
    if (!bubbleEffect.isEmpty() && !bubbleResource.isEmpty()) { // one alone: ignored (KEEP)
        Core::CatalogEntry entry;
        entry.kind = Core::CatalogKind::TextBubble;
        entry.effectId = bubbleEffect;
        entry.resourceId = bubbleResource;
        if (Result<Core::AuxMaterial> bubble = Core::DraftBuilders::textBubble(entry); bubble)
            aux.append(*bubble);
    }
    if (const QString flower = r.id(u"effect_effect_id"_s); !flower.isEmpty()) {
        Core::CatalogEntry entry;
        entry.kind = Core::CatalogKind::FlowerText;
        entry.effectId = flower;
        entry.resourceId = flower;
        if (Result<Core::AuxMaterial> material = Core::DraftBuilders::flowerText(entry); material)
            aux.append(*material);
        look.base.flowerTextId = flower; // the runs' effectStyle (§12.2)
    }
    const QString intro = r.string(u"intro_animation"_s);
    const QString outro = r.string(u"outro_animation"_s);
    // A duration is only looked at with its animation.
    const qint64 introUs = intro.isEmpty() ? 0 : r.duration(u"intro_duration"_s, 0.5);
    const qint64 outroUs = outro.isEmpty() ? 0 : r.duration(u"outro_duration"_s, 0.5);
    const std::optional<Core::TimeRange> range = timeRange(r, start, end);
    const QList<TextStyle> runs
        = r.error() ? QList<TextStyle>()
                    : styledRuns(r, context, body.value(u"text_styles"_s), text, look);
    if (r.error())
        return Outcome::fail(TextPrefix + *r.error());

    // Animations by name (§6); an unknown name is an error (FIX: CapCutAPI ignored it).
    QList<Core::DraftBuilders::AnimationSpec> animations;
    for (const auto &[name, kind, slot, us, word] :
         {std::tuple{intro, Core::CatalogKind::TextIntro, Core::DraftBuilders::AnimationSlot::In,
                     introUs, u"intro"_s},
          std::tuple{outro, Core::CatalogKind::TextOutro, Core::DraftBuilders::AnimationSlot::Out,
                     outroUs, u"outro"_s}}) {
        if (name.isEmpty())
            continue;
        std::optional<Core::CatalogEntry> entry
            = resolve(context, kind, context.catalogNamespace(), name);
        if (!entry)
            return Outcome::fail(TextPrefix + u"unknown text %1 animation '%2'"_s.arg(word, name));
        animations.append({*entry, slot, us});
    }
    if (!animations.isEmpty()) {
        Result<Core::AuxMaterial> container
            = Core::DraftBuilders::animations(animations, range->duration, true);
        if (!container)
            return Outcome::fail(TextPrefix + container.error().message());
        aux.append(*container);
    }

    const bool created = createsDraft(context, p);
    Result<CompatContext::Target> target = context.draftFor(p);
    if (!target)
        return Outcome::fail(TextPrefix + target.error().message());
    const Core::Draft &draft = target->service->draft();
    Core::DraftService::TextSegmentSpec spec;
    spec.target = *range;
    spec.transform = transform;
    spec.aux = aux;
    spec.text.text = text;
    spec.text.styles = runs;
    spec.text.vertical = look.vertical;
    spec.text.alpha = look.alpha;
    spec.text.background = look.background;
    // Pixels of this draft's canvas, truncated; −1 (automatic) is not written (§5.5, §12.1).
    if (fixedWidth > 0)
        spec.text.extra.insert(u"fixed_width"_s, std::max(1, int(fixedWidth * draft.width)));
    if (fixedHeight > 0)
        spec.text.extra.insert(u"fixed_height"_s, std::max(1, int(fixedHeight * draft.height)));
    if (const Core::Track *track = textTrack(draft, trackName)) {
        if (const QString overlap = CompatContext::overlapMessage(draft, track->id, *range);
            !overlap.isEmpty())
            return failAfterCreation(context, *target, created, TextPrefix + overlap);
    }
    // A new text track goes above the other text tracks but below the subtitle layer.
    int layer = 0;
    for (const Core::Track &t : draft.tracks) {
        if (t.type == Core::TrackType::Text && t.relativeIndex < SubtitleLayer)
            layer = std::max(layer, t.relativeIndex + 1);
    }
    Result<QStringList> added
        = target->service->addTextSegments(trackName, std::min(layer, SubtitleLayer - 1), {spec});
    if (!added)
        return failAfterCreation(context, *target, created, TextPrefix + added.error().message());
    return Outcome::ok(context.output(*target));
}

/// §5.6 input kinds. One line without "-->" that looks like a path is a local file (read only
/// inside the allowed folders, FIX); an http(s) URL needs a downloader; anything else is the SRT
/// text itself, where backslash-n and "/n" stand for line breaks (KEEP; "/n" only when the text
/// has no real line break, FIX-lite).
Result<QString> subtitleText(const CompatContext &context, const QString &srt)
{
    using Core::Error;
    using Core::ErrorCode;
    const QString trimmed = srt.trimmed();
    if (trimmed.startsWith(u"http://"_s, Qt::CaseInsensitive)
        || trimmed.startsWith(u"https://"_s, Qt::CaseInsensitive))
        return Error(ErrorCode::NotImplemented,
                     u"subtitle URLs are not supported yet; send the SRT content or a local file "
                     "path"_s);
    const bool oneLine = !srt.contains(u'\n') && !srt.contains(u'\r');
    const bool pathLike = trimmed.startsWith(u'/') || trimmed.startsWith(u'\\')
                          || trimmed.startsWith(u'~') || trimmed.startsWith(u"file:"_s)
                          || (trimmed.size() > 2 && trimmed[0].isLetter() && trimmed[1] == u':')
                          || trimmed.endsWith(u".srt"_s, Qt::CaseInsensitive);
    QString text;
    if (oneLine && pathLike && !srt.contains(u"-->"_s)) {
        const QString failed = u"Failed to read local subtitle file: "_s;
        if (!context.services().pathPolicy)
            return Error(ErrorCode::PathNotAllowed, failed + u"local files are not allowed"_s);
        Result<QString> path = context.services().pathPolicy().check(trimmed, u"srt"_s);
        if (!path)
            return Error(path.error().code(), failed + path.error().message());
        QFile file(*path);
        if (!file.open(QIODevice::ReadOnly))
            return Error(ErrorCode::IoError, failed + u"%1: %2"_s.arg(trimmed, file.errorString()));
        if (file.size() > Core::kMaxSubtitleFileBytes)
            return Error(ErrorCode::PayloadTooLarge,
                         failed
                             + u"%1 is larger than %2 bytes"_s.arg(trimmed).arg(
                                 Core::kMaxSubtitleFileBytes));
        // UTF-8 with or without BOM (CapCutAPI); a UTF-16/32 BOM is honoured too (EXT).
        const QByteArray data = file.read(Core::kMaxSubtitleFileBytes);
        QStringDecoder decoder(
            QStringConverter::encodingForData(data).value_or(QStringConverter::Utf8));
        text = decoder.decode(data);
        if (text.startsWith(QChar(0xFEFF)))
            text.remove(0, 1);
    } else {
        text = srt;
        text.replace(u"\\n"_s, u"\n"_s);
        if (oneLine)
            text.replace(u"/n"_s, u"\n"_s);
    }
    // CapCutAPI trims every line (KEEP); the line count, and so error line numbers, stay.
    QStringList lines;
    for (QStringView line : QStringView(text).split(u'\n'))
        lines.append(line.trimmed().toString());
    return lines.join(u'\n');
}

/// Cue styles (bold/italic/underline/colour from SRT markup) over the route's base run.
QList<TextStyle> cueRuns(const Core::SubtitleCue &cue, const TextStyle &base)
{
    QList<qsizetype> cuts{0, cue.text.size()};
    for (const Core::SubtitleStyleRange &s : cue.styles) {
        cuts.append(std::clamp<qsizetype>(s.start, 0, cue.text.size()));
        cuts.append(std::clamp<qsizetype>(s.start + s.length, 0, cue.text.size()));
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QList<TextStyle> runs;
    for (qsizetype i = 0; i + 1 < cuts.size(); ++i) {
        TextStyle run = base;
        run.start = cuts.at(i);
        run.length = cuts.at(i + 1) - cuts.at(i);
        for (const Core::SubtitleStyleRange &s : cue.styles) {
            if (s.start <= run.start && run.start + run.length <= s.start + s.length) {
                run.bold = run.bold || s.bold;
                run.italic = run.italic || s.italic;
                run.underline = run.underline || s.underline;
                if (s.color)
                    run.color = *s.color;
            }
        }
        runs.append(run);
    }
    return runs;
}

Outcome addSubtitle(CompatContext &context, const CompatParams &p)
{
    if (p.isMissing(u"srt"_s))
        return Outcome::fail(MissingSrt);
    const auto fail = [](const QString &detail) {
        return Outcome::fail(SubtitlePrefix + detail + u'.');
    };
    Reader r(p.body());
    const QString srt = r.string(u"srt"_s);
    const double offset = r.ranged(u"time_offset"_s, 0, -MaxSeconds, MaxSeconds);
    QString trackName = r.string(u"track_name"_s, u"subtitle"_s);
    if (trackName.isEmpty())
        trackName = u"subtitle"_s;
    Look look
        = readLook(r, context,
                   {u"font_color"_s, u"font_size"_s, u"alpha"_s, u"思源粗宋"_s, u"#FFFFFF"_s, 5.0});
    look.base.bold = r.boolean(u"bold"_s, false);
    look.base.italic = r.boolean(u"italic"_s, false);
    look.base.underline = r.boolean(u"underline"_s, false);
    Core::Transform transform;
    transform.x = r.number(u"transform_x"_s, 0);
    transform.y = r.number(u"transform_y"_s, -0.8);
    transform.scaleX = r.positive(u"scale_x"_s, 1);
    transform.scaleY = r.positive(u"scale_y"_s, 1);
    transform.rotation = r.number(u"rotation"_s, 0);
    if (r.error())
        return fail(*r.error());
    const Result<QString> content = subtitleText(context, srt);
    if (!content)
        return fail(content.error().message());
    const Result<QList<Core::SubtitleCue>> cues
        = Core::parseSubtitles(content->toUtf8(), Core::SubtitleFormat::Srt);
    if (!cues)
        return fail(cues.error().message());

    const qint64 offsetUs = CompatParams::microseconds(offset);
    QList<Core::DraftService::TextSegmentSpec> specs;
    specs.reserve(cues->size());
    for (const Core::SubtitleCue &cue : *cues) {
        Core::DraftService::TextSegmentSpec spec;
        spec.target = {cue.startUs + offsetUs, cue.endUs - cue.startUs};
        if (spec.target.start < 0)
            return fail(u"time_offset %1 s moves the cue at %2 s before the start of the "
                        "timeline"_s.arg(offset)
                            .arg(double(cue.startUs) / 1e6));
        spec.transform = transform;
        spec.text.text = cue.text;
        spec.text.styles = cueRuns(cue, look.base);
        spec.text.vertical = look.vertical;
        spec.text.alpha = look.alpha;
        spec.text.background = look.background;
        specs.append(spec);
    }

    const bool created = createsDraft(context, p);
    Result<CompatContext::Target> target = context.draftFor(p);
    if (!target)
        return fail(target.error().message());
    const Core::Draft &draft = target->service->draft();
    // CapCutAPI's fixed text box: 648 px on portrait canvases, else 1344 (§5.6, KEEP).
    const int fixedWidth = draft.width < draft.height ? 648 : 1344;
    for (Core::DraftService::TextSegmentSpec &spec : specs)
        spec.text.extra.insert(u"fixed_width"_s, fixedWidth);

    // Overlaps with the track's segments and between cues (sorted by start): atomic (FIX).
    QList<Core::TimeRange> existing;
    if (const Core::Track *track = textTrack(draft, trackName)) {
        for (const Core::Segment &s : track->segments)
            existing.append(s.target);
    }
    std::sort(existing.begin(), existing.end(),
              [](const Core::TimeRange &a, const Core::TimeRange &b) { return a.start < b.start; });
    QList<qint64> maxEnd; // maxEnd[i]: the latest end among existing[0..i]
    for (const Core::TimeRange &t : std::as_const(existing))
        maxEnd.append(std::max(maxEnd.isEmpty() ? t.end() : maxEnd.last(), t.end()));
    qint64 cuesEnd = std::numeric_limits<qint64>::min();
    for (const Core::DraftService::TextSegmentSpec &spec : std::as_const(specs)) {
        const Core::TimeRange t = spec.target;
        const auto before
            = std::lower_bound(existing.cbegin(), existing.cend(), t.end(),
                               [](const Core::TimeRange &e, qint64 end) { return e.start < end; });
        const qsizetype n = before - existing.cbegin(); // existing segments starting before t ends
        if ((n > 0 && maxEnd.at(n - 1) > t.start) || cuesEnd > t.start)
            return failAfterCreation(context, *target, created,
                                     SubtitlePrefix + overlapText(t) + u'.');
        cuesEnd = std::max(cuesEnd, t.end());
    }
    Result<QStringList> added = target->service->addTextSegments(trackName, SubtitleLayer, specs);
    if (!added)
        return failAfterCreation(context, *target, created,
                                 SubtitlePrefix + added.error().message() + u'.');
    return Outcome::ok(context.output(*target));
}

} // namespace

void registerTextRoutes(Router &router, CompatContext &context)
{
    CompatApi::addPost(router, u"/add_text"_s,
                       u"CapCutAPI: add a styled text segment (timeline start/end in seconds)."_s,
                       [&context](const CompatParams &p) { return addText(context, p); });
    CompatApi::addPost(router, u"/add_subtitle"_s,
                       u"CapCutAPI: import SRT cues as text segments on the subtitle layer."_s,
                       [&context](const CompatParams &p) { return addSubtitle(context, p); });
}

} // namespace CutPilot::Api
