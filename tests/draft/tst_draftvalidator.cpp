#include "core/draft/draftprofile.h"
#include "core/draft/draftvalidator.h"
#include "draftfixtures.h"

#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

using Mutation = std::function<void(Draft &)>;
Q_DECLARE_METATYPE(Mutation)

class tst_DraftValidator : public QObject
{
    Q_OBJECT

private slots:
    void appendixAIsValid();
    void rules_data();
    void rules();
    void warningsDoNotBlock();
};

void tst_DraftValidator::appendixAIsValid()
{
    const DraftProfile profile = *DraftProfile::builtIn(u"jy5-win"_s);
    QVERIFY(lintDraft(appendixADraft(), profile).isEmpty());
    QVERIFY(validateDraft(appendixADraft(), profile));
}

void tst_DraftValidator::rules_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("messagePart");

    auto video = [](Draft &d) -> Segment & {
        return d.tracks[0].segments[0];
    };
    QTest::newRow("zero duration") << Mutation([=](Draft &d) {
        video(d).target.duration = 0;
        video(d).source->duration = 0;
    }) << int(ErrorCode::OutOfRange)
                                   << u"target.duration"_s << u"greater than 0"_s;
    QTest::newRow("negative start")
        << Mutation([=](Draft &d) { video(d).target.start = -5; }) << int(ErrorCode::OutOfRange)
        << u"target.start"_s << u"must not be negative"_s;
    QTest::newRow("overlap") << Mutation([=](Draft &d) {
        Segment second = video(d);
        second.id = u"SECOND"_s;
        second.target.start = 4'999'999;
        d.tracks[0].segments.append(second);
    }) << int(ErrorCode::Conflict)
                             << u"target"_s << u"overlap"_s;
    QTest::newRow("source beyond media")
        << Mutation([=](Draft &d) { video(d).source->start = 6'000'000; })
        << int(ErrorCode::OutOfRange) << u"source"_s
        << u"beyond the media's duration 10000000 µs"_s;
    QTest::newRow("speed too high") << Mutation([=](Draft &d) {
        video(d).speed = 150;
        video(d).source->duration = 0;
    }) << int(ErrorCode::OutOfRange) << u"speed"_s
                                    << u"outside 0.1..100"_s;
    QTest::newRow("speed mismatch")
        << Mutation([=](Draft &d) { video(d).speed = 2.0; }) << int(ErrorCode::InvalidArgument)
        << u"source.duration"_s << u"does not match"_s;
    QTest::newRow("keyframe outside")
        << Mutation([=](Draft &d) { video(d).keyframes[0].keyframes[1].offsetUs = 5'000'001; })
        << int(ErrorCode::OutOfRange) << u"keyframes"_s << u"lies outside the segment"_s;
    QTest::newRow("missing media")
        << Mutation([=](Draft &d) { video(d).materialId = u"GONE"_s; }) << int(ErrorCode::NotFound)
        << u"material_id"_s << u"media GONE is not in the draft"_s;
    QTest::newRow("audio on video track")
        << Mutation([=](Draft &d) { video(d).materialId = u"7E1D0C551A2B4C3D8E9F202122232425"_s; })
        << int(ErrorCode::InvalidArgument) << u"material_id"_s << u"cannot sit on a video track"_s;
    QTest::newRow("fades too long")
        << Mutation([](Draft &d) { d.tracks[1].segments[0].fadeInUs = 4'500'000; })
        << int(ErrorCode::OutOfRange) << u"fade"_s << u"do not fit"_s;
    QTest::newRow("text range") << Mutation([](Draft &d) {
        d.tracks[2].segments[0].text->styles[0].length = 12;
    }) << int(ErrorCode::OutOfRange)
                                << u"text.styles"_s << u"outside the text of 11 UTF-16 units"_s;
    QTest::newRow("transition without follower") << Mutation([=](Draft &d) {
        video(d).aux.append(AuxMaterial{u"transitions"_s, QJsonObject{{u"id"_s, u"TR"_s}}});
    }) << int(ErrorCode::Conflict) << u"transition"_s
                                                 << u"no segment follows it"_s;
    QTest::newRow("time overflow")
        << Mutation([=](Draft &d) { video(d).target.start = std::numeric_limits<qint64>::min(); })
        << int(ErrorCode::OutOfRange) << u"time"_s << u"beyond the"_s;
    QTest::newRow("NaN speed") << Mutation([=](Draft &d) { video(d).speed = std::nan(""); })
                               << int(ErrorCode::OutOfRange) << u"speed"_s << u"outside"_s;
    QTest::newRow("canvas") << Mutation([](Draft &d) { d.width = 0; }) << int(ErrorCode::OutOfRange)
                            << u"canvas"_s << u"outside 1..16384"_s;
    QTest::newRow("fps") << Mutation([](Draft &d) { d.fps = 0; }) << int(ErrorCode::OutOfRange)
                         << u"fps"_s << u"outside 0..240"_s;
}

void tst_DraftValidator::rules()
{
    QFETCH(Mutation, mutate);
    QFETCH(int, code);
    QFETCH(QString, field);
    QFETCH(QString, messagePart);
    Draft draft = appendixADraft();
    mutate(draft);
    const Result<> result = validateDraft(draft, *DraftProfile::builtIn(u"jy5-win"_s));
    QVERIFY(!result);
    QCOMPARE(int(result.error().code()), code);
    QCOMPARE(result.error().field(), field);
    QVERIFY2(result.error().message().contains(messagePart), qPrintable(result.error().message()));
}

void tst_DraftValidator::warningsDoNotBlock()
{
    Draft draft = appendixADraft();
    draft.tracks[0].segments[0].target.start = 1'000'000; // gap before the main track's first clip
    draft.tracks[1].name = u"main"_s;                     // duplicate track name
    const auto issues = lintDraft(draft, *DraftProfile::builtIn(u"jy5-win"_s));
    QCOMPARE(issues.size(), 2);
    for (const DraftIssue &issue : issues)
        QCOMPARE(issue.severity, DraftIssue::Severity::Warning);
    QVERIFY(validateDraft(draft, *DraftProfile::builtIn(u"jy5-win"_s)));
    draft.mainTrackMagnet = false;
    QCOMPARE(lintDraft(draft, *DraftProfile::builtIn(u"jy5-win"_s)).size(), 1);
}

QTEST_GUILESS_MAIN(tst_DraftValidator)
#include "tst_draftvalidator.moc"
