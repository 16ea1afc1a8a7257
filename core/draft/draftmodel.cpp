#include "draftmodel.h"

#include <QRandomGenerator>

#include <array>
#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

struct TrackTypeInfo
{
    TrackType type;
    const char *name;
    int renderBase;
};

constexpr TrackTypeInfo kTrackTypes[] = {
    {TrackType::Video, "video", 0},       {TrackType::Audio, "audio", 0},
    {TrackType::Text, "text", 15000},     {TrackType::Sticker, "sticker", 14000},
    {TrackType::Effect, "effect", 10000}, {TrackType::Filter, "filter", 11000},
    {TrackType::Adjust, "adjust", 0},
};

struct PropertyInfo
{
    KeyframeProperty property;
    const char *name;
};

constexpr PropertyInfo kProperties[] = {
    {KeyframeProperty::PositionX, "KFTypePositionX"},
    {KeyframeProperty::PositionY, "KFTypePositionY"},
    {KeyframeProperty::Rotation, "KFTypeRotation"},
    {KeyframeProperty::ScaleX, "KFTypeScaleX"},
    {KeyframeProperty::ScaleY, "KFTypeScaleY"},
    {KeyframeProperty::UniformScale, "KFTypeUniformScale"},
    {KeyframeProperty::Alpha, "KFTypeAlpha"},
    {KeyframeProperty::Saturation, "KFTypeSaturation"},
    {KeyframeProperty::Contrast, "KFTypeContrast"},
    {KeyframeProperty::Brightness, "KFTypeBrightness"},
    {KeyframeProperty::Volume, "KFTypeVolume"},
};

} // namespace

namespace {

/// 128 random bits as a version-4 UUID, in uppercase hex, with or without hyphens. The bits come
/// from a per-thread generator seeded once from the system's: QUuid::createUuid() asks the system
/// generator every time, which costs microseconds per id on virtual machines (RDRAND), and ids are
/// made by the thousand per second (create_draft). The ids need to be unique, not secret.
QString randomUuid(bool hyphens)
{
    thread_local QRandomGenerator64 generator = [] {
        std::array<quint32, 8> seed;
        QRandomGenerator::system()->generate(seed.begin(), seed.end());
        return QRandomGenerator64(seed.data(), seed.data() + seed.size());
    }();
    quint64 high = generator.generate();
    quint64 low = generator.generate();
    high = (high & ~quint64(0xF000)) | 0x4000;                  // version 4
    low = (low & ~(quint64(0xC) << 60)) | (quint64(0x8) << 60); // RFC 4122 variant
    static constexpr char16_t Hex[] = u"0123456789ABCDEF";
    QString out(hyphens ? 36 : 32, Qt::Uninitialized);
    char16_t *d = reinterpret_cast<char16_t *>(out.data());
    int written = 0;
    for (int i = 0; i < 32; ++i) {
        if (hyphens && (i == 8 || i == 12 || i == 16 || i == 20))
            d[written++] = u'-';
        const quint64 word = i < 16 ? high : low;
        d[written++] = Hex[(word >> (60 - 4 * (i % 16))) & 0xF];
    }
    return out;
}

} // namespace

QString newMaterialId()
{
    return randomUuid(false);
}

QString newDraftGuid()
{
    return randomUuid(true);
}

QString trackTypeName(TrackType type)
{
    for (const auto &info : kTrackTypes) {
        if (info.type == type)
            return QString::fromLatin1(info.name);
    }
    return {};
}

std::optional<TrackType> trackTypeFromName(const QString &name)
{
    for (const auto &info : kTrackTypes) {
        if (name == QLatin1StringView(info.name))
            return info.type;
    }
    return std::nullopt;
}

int renderIndexBase(TrackType type)
{
    for (const auto &info : kTrackTypes) {
        if (info.type == type)
            return info.renderBase;
    }
    return 0;
}

QString keyframePropertyName(KeyframeProperty property)
{
    for (const auto &info : kProperties) {
        if (info.property == property)
            return QString::fromLatin1(info.name);
    }
    return {};
}

std::optional<KeyframeProperty> keyframePropertyFromName(const QString &name)
{
    for (const auto &info : kProperties) {
        if (name == QLatin1StringView(info.name))
            return info.property;
    }
    return std::nullopt;
}

qint64 Segment::sourceDurationFor(qint64 targetDuration) const
{
    return qint64(std::llround(double(targetDuration) * speed));
}

qint64 Draft::duration() const
{
    qint64 end = 0;
    for (const Track &t : tracks) {
        for (const Segment &s : t.segments)
            end = std::max(end, s.target.end());
    }
    return end;
}

const Track *Draft::track(const QString &trackId) const
{
    for (const Track &t : tracks) {
        if (t.id == trackId)
            return &t;
    }
    return nullptr;
}

Track *Draft::track(const QString &trackId)
{
    // Non-const iteration detaches the implicitly shared list: writes never reach other copies.
    for (Track &t : tracks) {
        if (t.id == trackId)
            return &t;
    }
    return nullptr;
}

std::pair<const Track *, const Segment *> Draft::segment(const QString &segmentId) const
{
    for (const Track &t : tracks) {
        for (const Segment &s : t.segments) {
            if (s.id == segmentId)
                return {&t, &s};
        }
    }
    return {nullptr, nullptr};
}

std::pair<Track *, Segment *> Draft::segment(const QString &segmentId)
{
    for (Track &t : tracks) {
        // Find first (const), then detach only the track that holds it.
        const auto &segments = std::as_const(t.segments);
        for (qsizetype i = 0; i < segments.size(); ++i) {
            if (segments.at(i).id == segmentId)
                return {&t, &t.segments[i]};
        }
    }
    return {nullptr, nullptr};
}

} // namespace CutPilot::Core
