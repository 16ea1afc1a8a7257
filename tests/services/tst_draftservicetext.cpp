// DraftService::addTextSegments (draftservicetext.cpp): styled text segments with their track in
// one undo step; do -> undo -> redo compared on the serialized draft, and failed calls change
// nothing (house style).

#include "core/draft/draftbuilders.h"
#include "core/draft/draftserializer.h"
#include "core/services/draftservice.h"
#include "draftfixtures.h"

#include <QSignalSpy>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

namespace {

using Spec = DraftService::TextSegmentSpec;

QJsonObject serialized(const DraftService &service)
{
    return DraftSerializer(service.profile()).contentDocument(service.draft());
}

Spec styledText(TimeRange target, const QString &text = u"Hi 🎬 字幕"_s)
{
    Spec spec;
    spec.target = target;
    spec.transform.y = -0.5;
    spec.text.text = text;
    TextStyle bold;
    bold.start = 0;
    bold.length = 2;
    bold.bold = true;
    bold.color = Qt::red;
    TextStyle rest;
    rest.start = 2;
    rest.length = text.size() - 2;
    rest.strokeColor = QColor(Qt::black);
    rest.shadowColor = QColor(Qt::blue);
    spec.text.styles = {bold, rest};
    spec.text.background = TextBackground{};
    spec.text.extra.insert(u"fixed_width"_s, 540);
    CatalogEntry bubble;
    bubble.kind = CatalogKind::TextBubble;
    bubble.effectId = u"361595"_s;
    bubble.resourceId = u"6725279224006986253"_s;
    spec.aux.append(*DraftBuilders::textBubble(bubble));
    return spec;
}

const Track *trackNamed(const Draft &draft, const QString &name)
{
    for (const Track &t : draft.tracks) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

} // namespace

Q_DECLARE_METATYPE(CutPilot::Core::DraftService::TextSegmentSpec)

class tst_DraftServiceText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void doUndoRedo_data()
    {
        QTest::addColumn<QString>("trackName");
        QTest::addColumn<int>("relativeIndex");
        QTest::addColumn<int>("count");
        QTest::newRow("existing track") << u"title"_s << -1 << 1;
        QTest::newRow("new track") << u"text_main"_s << -1 << 1;
        QTest::newRow("new subtitle layer") << u"subtitle"_s << 999 << 3;
    }

    void doUndoRedo()
    {
        QFETCH(QString, trackName);
        QFETCH(int, relativeIndex);
        QFETCH(int, count);
        DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
        QSignalSpy changed(&service, &DraftService::draftChanged);
        const QJsonObject before = serialized(service);
        const qsizetype tracksBefore = service.draft().tracks.size();

        QList<Spec> specs;
        for (int i = 0; i < count; ++i)
            specs.append(styledText({5'000'000 + i * 1'000'000, 1'000'000}));
        const Result<QStringList> ids = service.addTextSegments(trackName, relativeIndex, specs);
        QVERIFY2(ids, qPrintable(ids ? QString() : ids.error().message()));
        QCOMPARE(ids->size(), count);
        QCOMPARE(service.undoStack()->count(), 1); // track and segments: one step
        QCOMPARE(changed.count(), 1);

        const Track *track = trackNamed(service.draft(), trackName);
        QVERIFY(track);
        QCOMPARE(track->type, TrackType::Text);
        if (relativeIndex >= 0)
            QCOMPARE(track->renderIndex(), 15000 + relativeIndex);
        const auto [owner, segment] = service.draft().segment(ids->first());
        QVERIFY(segment && owner == track);
        QVERIFY(segment->text);
        QCOMPARE(segment->text->id, segment->materialId);
        QCOMPARE(segment->text->styles.size(), 2);
        QCOMPARE(segment->text->extra.value(u"fixed_width"_s).toInt(), 540);
        QCOMPARE(segment->aux.size(), 1);
        QCOMPARE(segment->transform.y, -0.5);

        const QJsonObject after = serialized(service);
        service.undoStack()->undo();
        QVERIFY2(jsonDiff(serialized(service), before).isEmpty(),
                 qPrintable(jsonDiff(serialized(service), before).join(u'\n')));
        QCOMPARE(service.draft().tracks.size(), tracksBefore);
        service.undoStack()->redo();
        QVERIFY(jsonDiff(serialized(service), after).isEmpty());
        QCOMPARE(changed.count(), 3);
    }

    void failedCallsChangeNothing_data()
    {
        QTest::addColumn<QString>("trackName");
        QTest::addColumn<QList<Spec>>("specs");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("overlap on the existing track")
            << u"title"_s << QList<Spec>{styledText({1'000'000, 1'000'000})}
            << int(ErrorCode::Conflict) << u"overlap"_s;
        // The new track must not stay behind when its segments fail.
        QTest::newRow("overlap between new segments")
            << u"fresh"_s
            << QList<Spec>{styledText({0, 2'000'000}), styledText({1'000'000, 2'000'000})}
            << int(ErrorCode::Conflict) << u"overlap"_s;
        QTest::newRow("name of a video track")
            << u"main"_s << QList<Spec>{styledText({9'000'000, 1'000'000})}
            << int(ErrorCode::Conflict) << u"track 'main' is a video track"_s;
        Spec badRange = styledText({9'000'000, 1'000'000});
        badRange.text.styles.last().length += 5;
        QTest::newRow("style range outside the text")
            << u"fresh"_s << QList<Spec>{badRange} << int(ErrorCode::OutOfRange) << u"UTF-16"_s;
        Spec filter = styledText({9'000'000, 1'000'000});
        filter.aux = {
            AuxMaterial{u"effects"_s, QJsonObject{{u"id"_s, u"F1"_s}, {u"type"_s, u"filter"_s}}}};
        QTest::newRow("filter on a text")
            << u"fresh"_s << QList<Spec>{filter} << int(ErrorCode::InvalidArgument) << u"filter"_s;
        QTest::newRow("nothing to add")
            << u"fresh"_s << QList<Spec>{} << int(ErrorCode::InvalidArgument) << u"no text"_s;
        QTest::newRow("no track name")
            << QString() << QList<Spec>{styledText({9'000'000, 1'000'000})}
            << int(ErrorCode::MissingField) << u"trackName"_s;
        QTest::newRow("zero duration")
            << u"fresh"_s << QList<Spec>{styledText({9'000'000, 0})} << -1 << QString();
    }

    void failedCallsChangeNothing()
    {
        QFETCH(QString, trackName);
        QFETCH(QList<Spec>, specs);
        QFETCH(int, code);
        QFETCH(QString, says);
        DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
        QSignalSpy changed(&service, &DraftService::draftChanged);
        const QJsonObject before = serialized(service);
        const Result<QStringList> result = service.addTextSegments(trackName, -1, specs);
        QVERIFY(!result);
        if (code >= 0)
            QCOMPARE(int(result.error().code()), code);
        QVERIFY2(result.error().message().contains(says), qPrintable(result.error().message()));
        QCOMPARE(serialized(service), before);
        QCOMPARE(service.undoStack()->count(), 0);
        QCOMPARE(changed.count(), 0);
    }

    void newTextTrackGoesAboveTheOthers()
    {
        DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
        QVERIFY(service.addTextSegments(u"second"_s, -1, {styledText({0, 1'000'000})}));
        const Track *title = trackNamed(service.draft(), u"title"_s);
        const Track *second = trackNamed(service.draft(), u"second"_s);
        QVERIFY(title && second);
        QVERIFY(second->renderIndex() > title->renderIndex());
    }
};

QTEST_GUILESS_MAIN(tst_DraftServiceText)
#include "tst_draftservicetext.moc"
