// The inspector: the selected segment's properties applied through DraftService by clicking its
// buttons (one undo step each), refusals shown in the panel with nothing applied, and the catalog
// picker (search, VIP marked, attach, detach).

#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftserializer.h"
#include "timelinefixture.h"
#include "ui/timeline/inspectorwidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QUndoStack>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject serialized(const DraftService &service)
{
    return DraftSerializer(service.profile()).contentDocument(service.draft());
}

/// Types `text` into a spin box the way a user does: select all, type, Enter.
void typeInto(QAbstractSpinBox *box, const QString &text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Enter);
}

} // namespace

class tst_InspectorWidget : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TimelineFixture> f;
    std::unique_ptr<Ui::InspectorWidget> inspector;

    template<typename T>
    T *child(const QString &name)
    {
        T *w = inspector->findChild<T *>(name);
        if (!w)
            qFatal("no child %s", qPrintable(name));
        return w;
    }
    void click(const QString &button)
    {
        QTest::mouseClick(child<QPushButton>(button), Qt::LeftButton);
    }

private slots:
    void init()
    {
        if (!MediaFixtures::haveFfmpeg())
            QSKIP("the ffmpeg command is needed to generate test media");
        f = std::make_unique<TimelineFixture>();
        QVERIFY(f->start());
        inspector = std::make_unique<Ui::InspectorWidget>();
        inspector->resize(360, 900);
        inspector->show();
        QVERIFY(QTest::qWaitForWindowExposed(inspector.get()));
    }
    void cleanup()
    {
        inspector.reset();
        f.reset();
    }

    void followsTheTimelineSelection()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 2'000'000);
        QCOMPARE(child<QLabel>(u"inspectorTitle"_s)->text(), u"No clip selected"_s);
        connect(f->timeline.get(), &Ui::TimelineWidget::currentSegmentChanged, inspector.get(),
                [this](const QString &id) { inspector->setSegment(f->service, id); });
        f->click(f->at(1'000'000, v1));
        QCOMPARE(inspector->segmentId(), a);
        QCOMPARE(child<QLabel>(u"inspectorTitle"_s)->text(), u"clip.mp4"_s);
        QVERIFY(child<QPushButton>(u"applySpeed"_s)->isVisible());
        QVERIFY(!child<QPushButton>(u"applyText"_s)->isVisible());
        // Every field has its label (an empty QFormLayout label text makes no label at all).
        QStringList labels;
        for (const QLabel *label : inspector->findChildren<QLabel *>())
            labels << label->text();
        for (const QString &expected : {u"Scale X"_s, u"Scale Y"_s, u"Rotation"_s, u"Opacity"_s,
                                        u"Speed"_s, u"Volume"_s, u"Fade in"_s, u"Fade out"_s})
            QVERIFY2(labels.contains(expected), qPrintable(expected));
    }

    void appliesEachGroupAsOneStep()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 1'500'000);
        inspector->setSegment(f->service, a);
        const int steps = f->service->undoStack()->count();

        typeInto(child<QDoubleSpinBox>(u"alpha"_s), u"0.5"_s);
        typeInto(child<QDoubleSpinBox>(u"positionX"_s), u"0.25"_s);
        QTest::mouseClick(inspector->findChild<QCheckBox *>(), Qt::LeftButton);
        click(u"applyTransform"_s);
        QCOMPARE(f->segment(a)->transform.alpha, 0.5);
        QCOMPARE(f->segment(a)->transform.x, 0.25);
        QCOMPARE(f->service->undoStack()->count(), steps + 1);

        typeInto(child<QDoubleSpinBox>(u"speed"_s), u"2"_s);
        click(u"applySpeed"_s);
        QCOMPARE(f->segment(a)->speed, 2.0);
        QCOMPARE(f->segment(a)->source->duration, 3'000'000);

        typeInto(child<QDoubleSpinBox>(u"volume"_s), u"0.3"_s);
        click(u"applyVolume"_s);
        QCOMPARE(f->segment(a)->volume, 0.3);

        typeInto(child<QSpinBox>(u"fadeIn"_s), u"200"_s);
        typeInto(child<QSpinBox>(u"fadeOut"_s), u"300"_s);
        click(u"applyFades"_s);
        QCOMPARE(f->segment(a)->fadeInUs, 200'000);
        QCOMPARE(f->segment(a)->fadeOutUs, 300'000);
        QCOMPARE(f->service->undoStack()->count(), steps + 4);
        QVERIFY(inspector->message().isEmpty());

        // Undo shows the earlier value in the panel (it follows draftChanged).
        f->service->undoStack()->undo();
        QCOMPARE(child<QSpinBox>(u"fadeIn"_s)->value(), 0);
    }

    void invalidInputIsRefusedVisibly()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 1'000'000);
        const QString t = f->addTrack(TrackType::Text, u"T"_s);
        const QString text = *f->service->addTextSegment(t, u"hello"_s, {0, 1'000'000});
        inspector->setSegment(f->service, a);
        QSignalSpy refused(inspector.get(), &Ui::InspectorWidget::editRefused);
        const QJsonObject before = serialized(*f->service);

        // Fades longer than the clip.
        typeInto(child<QSpinBox>(u"fadeIn"_s), u"800"_s);
        typeInto(child<QSpinBox>(u"fadeOut"_s), u"800"_s);
        click(u"applyFades"_s);
        QVERIFY(child<QLabel>(u"inspectorMessage"_s)->isVisible());
        QVERIFY(!inspector->message().isEmpty());
        QCOMPARE(refused.size(), 1);
        QCOMPARE(serialized(*f->service), before);

        // A speed that needs more media than the 4 s file has: the service refuses.
        typeInto(child<QDoubleSpinBox>(u"speed"_s), u"10"_s);
        click(u"applySpeed"_s);
        QCOMPARE(refused.size(), 2);
        QCOMPARE(serialized(*f->service), before);

        // An empty text.
        inspector->setSegment(f->service, text);
        QVERIFY(child<QPlainTextEdit>(u"text"_s)->isVisible());
        QCOMPARE(child<QPlainTextEdit>(u"text"_s)->toPlainText(), u"hello"_s);
        child<QPlainTextEdit>(u"text"_s)->selectAll();
        QTest::keyClick(child<QPlainTextEdit>(u"text"_s), Qt::Key_Delete);
        click(u"applyText"_s);
        QCOMPARE(refused.size(), 3);
        QCOMPARE(serialized(*f->service), before);
        // A real one.
        QTest::keyClicks(child<QPlainTextEdit>(u"text"_s), u"world"_s);
        click(u"applyText"_s);
        QCOMPARE(f->segment(text)->text->text, u"world"_s);
        QVERIFY(inspector->message().isEmpty());
    }

    void catalogPickerAttachesAndDetaches()
    {
        auto catalogs = std::make_shared<CatalogRegistry>();
        CatalogEntry film;
        film.kind = CatalogKind::Filter;
        film.name = u"Film grain"_s;
        film.resourceId = u"7001"_s;
        film.effectId = u"7001"_s;
        CatalogEntry gold = film;
        gold.name = u"Gold"_s;
        gold.resourceId = u"7002"_s;
        gold.effectId = u"7002"_s;
        gold.vip = true;
        catalogs->add({film, gold});
        inspector->setCatalogs(catalogs);
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 1'000'000);
        inspector->setSegment(f->service, a);

        auto *results = child<QListWidget>(u"catalogResults"_s);
        QCOMPARE(results->count(), 2);
        QVERIFY(results->item(1)->text().contains(u"VIP"_s));
        QTest::keyClicks(child<QLineEdit>(u"catalogSearch"_s), u"gold"_s);
        QCOMPARE(results->count(), 1);
        results->setCurrentRow(0);
        click(u"attach"_s);
        QCOMPARE(f->segment(a)->aux.size(), 1);
        QCOMPARE(f->segment(a)->aux.at(0).json.value(u"resource_id"_s).toString(), u"7002"_s);
        auto *attached = child<QListWidget>(u"attached"_s);
        QCOMPARE(attached->count(), 1);
        attached->setCurrentRow(0);
        click(u"detach"_s);
        QVERIFY(f->segment(a)->aux.isEmpty());
        QCOMPARE(attached->count(), 0);

        // Animations share one container: an outro after an intro keeps the intro.
        CatalogEntry intro;
        intro.kind = CatalogKind::VideoIntro;
        intro.name = u"Fade in"_s;
        intro.resourceId = u"9001"_s;
        intro.effectId = u"9001"_s;
        intro.defaultDurationUs = 300'000;
        CatalogEntry outro = intro;
        outro.kind = CatalogKind::VideoOutro;
        outro.name = u"Fade out"_s;
        outro.resourceId = u"9002"_s;
        outro.effectId = u"9002"_s;
        catalogs->add({intro, outro});
        auto *kind = child<QComboBox>(u"catalogKind"_s);
        child<QLineEdit>(u"catalogSearch"_s)->clear();
        for (const CatalogKind k : {CatalogKind::VideoIntro, CatalogKind::VideoOutro}) {
            kind->setCurrentIndex(kind->findData(int(k)));
            QCOMPARE(results->count(), 1);
            results->setCurrentRow(0);
            click(u"attach"_s);
            QVERIFY2(inspector->message().isEmpty(), qPrintable(inspector->message()));
        }
        QCOMPARE(f->segment(a)->aux.size(), 1);
        const QJsonArray animations
            = f->segment(a)->aux.at(0).json.value(u"animations"_s).toArray();
        QCOMPARE(animations.size(), 2);
        QCOMPARE(animations.at(0).toObject().value(u"resource_id"_s).toString(), u"9001"_s);
        QCOMPARE(animations.at(1).toObject().value(u"resource_id"_s).toString(), u"9002"_s);
        QCOMPARE(animations.at(1).toObject().value(u"start"_s).toInteger(), 700'000);
    }
};

QTEST_MAIN(tst_InspectorWidget)
#include "tst_inspectorwidget.moc"
