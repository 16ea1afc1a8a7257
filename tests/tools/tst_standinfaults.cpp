// The stand-in editor's fault specs and export naming (spec/editor-automation.md §11.5, §11.7).

#include "exportsettings.h"
#include "faults.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Standin;
using namespace Qt::StringLiterals;

class tst_StandinFaults : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void combined();
    void afterAndProbability();
    void uniqueOutputPath();
    void options_data();
    void options();
    void frameSize_data();
    void frameSize();
};

void tst_StandinFaults::parse_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("stage");
    QTest::addColumn<double>("percent");
    QTest::addColumn<double>("number");
    QTest::addColumn<bool>("endless");

    const int none = int(Stage::None);
    QTest::newRow("crashAtExportPercent")
        << u"crash@export:50"_s << u"crash"_s << int(Stage::Export) << 50.0 << 0.0 << false;
    QTest::newRow("crashAtStage") << u"crash@edit"_s << u"crash"_s << int(Stage::Edit) << -1.0
                                  << 0.0 << false;
    QTest::newRow("crashAtPercent")
        << u"crash@75%"_s << u"crash"_s << int(Stage::Exporting) << 75.0 << 0.0 << false;
    QTest::newRow("hangForever") << u"hang@edit:forever"_s << u"hang"_s << int(Stage::Edit) << -1.0
                                 << 0.0 << true;
    QTest::newRow("hangDefaultForever")
        << u"hang@home"_s << u"hang"_s << int(Stage::Home) << -1.0 << 0.0 << true;
    QTest::newRow("hangSeconds") << u"hang@export:3"_s << u"hang"_s << int(Stage::Export) << -1.0
                                 << 3.0 << false;
    QTest::newRow("stallAtExport")
        << u"stall@export:30"_s << u"stall"_s << int(Stage::Export) << 30.0 << 0.0 << true;
    QTest::newRow("stallSeconds") << u"stall@30:5"_s << u"stall"_s << int(Stage::Exporting) << 30.0
                                  << 5.0 << false;
    QTest::newRow("refuseStart") << u"refuse-start:2"_s << u"refuse-start"_s << none << -1.0 << 2.0
                                 << false;
    QTest::newRow("refuseStartDefault")
        << u"refuse-start"_s << u"refuse-start"_s << none << -1.0 << 1.0 << false;
    QTest::newRow("gpuPrompt") << u"gpu-prompt"_s << u"gpu-prompt"_s << none << -1.0 << 0.0
                               << false;
    QTest::newRow("exportError") << u"export-error@40"_s << u"export-error"_s
                                 << int(Stage::Exporting) << 40.0 << 0.0 << false;
    QTest::newRow("memoryGrowth") << u"memory-growth:200"_s << u"memory-growth"_s << none << -1.0
                                  << 200.0 << false;
    QTest::newRow("slowExport") << u"slow-export:0.5"_s << u"slow-export"_s << none << -1.0 << 0.5
                                << false;
    QTest::newRow("longName") << u"long-name:10"_s << u"long-name"_s << none << -1.0 << 10.0
                              << false;
    QTest::newRow("caseAndSpaces")
        << u"  Crash@Export:50 "_s << u"crash"_s << int(Stage::Export) << 50.0 << 0.0 << false;
}

void tst_StandinFaults::parse()
{
    QFETCH(QString, spec);
    QFETCH(QString, name);
    QFETCH(int, stage);
    QFETCH(double, percent);
    QFETCH(double, number);
    QFETCH(bool, endless);

    const CutPilot::Core::Result<FaultPlan> plan = FaultPlan::parse(spec);
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().message()));
    QCOMPARE(plan->faults().size(), 1);
    const Fault &fault = plan->faults().first();
    QCOMPARE(fault.name, name);
    QCOMPARE(int(fault.stage), stage);
    QCOMPARE(fault.percent, percent);
    QCOMPARE(fault.number, number);
    QCOMPARE(fault.endless, endless);
}

void tst_StandinFaults::parseErrors_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown") << u"explode"_s << u"unknown fault"_s;
    QTest::newRow("crashWithoutTrigger") << u"crash"_s << u"needs a trigger"_s;
    QTest::newRow("unknownStage") << u"crash@lunch"_s << u"unknown stage"_s;
    QTest::newRow("percentTooLarge") << u"crash@150"_s << u"outside 0..100"_s;
    QTest::newRow("exportPercentTooLarge") << u"crash@export:150"_s << u"outside 0..100"_s;
    QTest::newRow("stallAtStage") << u"stall@edit"_s << u"@<percent>"_s;
    QTest::newRow("flagWithValue") << u"gpu-prompt:3"_s << u"takes no value"_s;
    QTest::newRow("memoryWithoutAmount") << u"memory-growth"_s << u"needs a number"_s;
    QTest::newRow("refuseFraction") << u"refuse-start:1.5"_s << u"whole number"_s;
    QTest::newRow("longNameWithoutCount") << u"long-name"_s << u"number of characters"_s;
    QTest::newRow("notANumber") << u"slow-export:fast"_s << u"not a number"_s;
    QTest::newRow("badModifier") << u"crash@edit?p=2"_s << u"bad modifier"_s;
    QTest::newRow("crashValueAtEdit") << u"crash@edit:5"_s << u"export stage"_s;
}

void tst_StandinFaults::parseErrors()
{
    QFETCH(QString, spec);
    QFETCH(QString, mentions);
    const CutPilot::Core::Result<FaultPlan> plan = FaultPlan::parse(spec);
    QVERIFY(!plan);
    QVERIFY2(plan.error().message().contains(mentions), qPrintable(plan.error().message()));
    QVERIFY2(plan.error().message().contains(spec.trimmed()), qPrintable(plan.error().message()));
}

void tst_StandinFaults::combined()
{
    const CutPilot::Core::Result<FaultPlan> plan = FaultPlan::parse(
        u"crash@export:50,hang@edit:forever,stall@export:30,refuse-start:2,gpu-prompt,"
        "vip-prompt,update-prompt,export-error@40,memory-growth:200,slow-export:0.5,"
        "stale-list,long-name:10"_s);
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().message()));
    QCOMPARE(plan->faults().size(), 12);
    QVERIFY(plan->has(u"stale-list"));
    QVERIFY(!plan->has(u"disk-full"));
    QCOMPARE(plan->find(u"long-name")->number, 10.0);
    QCOMPARE(plan->atStage(u"hang", Stage::Edit).size(), 1);
    QCOMPARE(plan->atStage(u"crash", Stage::Export).size(), 0); // it has a percentage
    QVERIFY(FaultPlan::parse(QString())->isEmpty());
    QVERIFY(FaultPlan::parse(u" , "_s)->isEmpty());
}

void tst_StandinFaults::afterAndProbability()
{
    const CutPilot::Core::Result<FaultPlan> plan
        = FaultPlan::parse(u"crash@export:50?after=2,vip-prompt?p=0.5&seed=7"_s);
    QVERIFY(plan);
    const Fault &crash = plan->faults().at(0);
    QCOMPARE(crash.afterJobs, 2);
    QVERIFY(!crash.firesFor(1));
    QVERIFY(!crash.firesFor(2));
    QVERIFY(crash.firesFor(3));

    const Fault &vip = plan->faults().at(1);
    QCOMPARE(vip.probability, 0.5);
    QCOMPARE(vip.seed, 7u);
    int fired = 0;
    for (int job = 1; job <= 200; ++job) {
        QCOMPARE(vip.firesFor(job), vip.firesFor(job)); // deterministic per (seed, job)
        fired += vip.firesFor(job) ? 1 : 0;
    }
    QVERIFY2(fired > 60 && fired < 140, qPrintable(QString::number(fired)));
}

void tst_StandinFaults::uniqueOutputPath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first = CutPilot::Standin::uniqueOutputPath(dir.path(), u"Demo 1080P"_s);
    QCOMPARE(first, dir.filePath(u"Demo 1080P.mp4"_s));
    QFile(first).open(QIODevice::WriteOnly);
    const QString second = CutPilot::Standin::uniqueOutputPath(dir.path(), u"Demo 1080P"_s);
    QCOMPARE(second, dir.filePath(u"Demo 1080P(1).mp4"_s));
    QFile(second).open(QIODevice::WriteOnly);
    QCOMPARE(CutPilot::Standin::uniqueOutputPath(dir.path(), u"Demo 1080P"_s),
             dir.filePath(u"Demo 1080P(2).mp4"_s));
    QCOMPARE(CutPilot::Standin::uniqueOutputPath(dir.path(), u"Other"_s, u"mov"_s),
             dir.filePath(u"Other.mov"_s));
}

void tst_StandinFaults::options_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<double>("fps");
    QTest::addColumn<QString>("resolution");
    QTest::addColumn<QString>("frameRate");

    QTest::newRow("fullHd") << 1920 << 1080 << 30.0 << u"1080P"_s << u"30fps"_s;
    QTest::newRow("portrait") << 1080 << 1920 << 25.0 << u"1080P"_s << u"25fps"_s;
    QTest::newRow("hd") << 1280 << 720 << 24.0 << u"720P"_s << u"24fps"_s;
    QTest::newRow("uhd") << 3840 << 2160 << 60.0 << u"4K"_s << u"60fps"_s;
    QTest::newRow("odd") << 1000 << 1000 << 29.97 << u"1080P"_s << u"30fps"_s;
    QTest::newRow("small") << 640 << 360 << 48.0 << u"480P"_s << u"50fps"_s;
}

void tst_StandinFaults::options()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(double, fps);
    QFETCH(QString, resolution);
    QFETCH(QString, frameRate);
    QCOMPARE(closestResolution(width, height), resolution);
    QCOMPARE(closestFrameRate(fps), frameRate);
    QCOMPARE(resolutionOptions().size(), 6);
    QCOMPARE(framesPerSecondFor(u"25fps"_s), 25);
    QCOMPARE(framesPerSecondFor(u"26fps"_s), 0);
}

void tst_StandinFaults::frameSize_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<int>("draftWidth");
    QTest::addColumn<int>("draftHeight");
    QTest::addColumn<QSize>("size");

    QTest::newRow("720pLandscape") << u"720P"_s << 1920 << 1080 << QSize(1280, 720);
    QTest::newRow("720pPortrait") << u"720P"_s << 1080 << 1920 << QSize(720, 1280);
    QTest::newRow("1080pSquare") << u"1080P"_s << 500 << 500 << QSize(1080, 1080);
    QTest::newRow("4k") << u"4K"_s << 1920 << 1080 << QSize(3840, 2160);
    QTest::newRow("480pOddAspect") << u"480P"_s << 1000 << 750 << QSize(640, 480);
    QTest::newRow("evenRounding") << u"480P"_s << 1001 << 750 << QSize(640, 480);
    QTest::newRow("unknown") << u"9K"_s << 1920 << 1080 << QSize();
}

void tst_StandinFaults::frameSize()
{
    QFETCH(QString, option);
    QFETCH(int, draftWidth);
    QFETCH(int, draftHeight);
    QFETCH(QSize, size);
    QCOMPARE(frameSizeFor(option, draftWidth, draftHeight), size);
}

QTEST_GUILESS_MAIN(tst_StandinFaults)
#include "tst_standinfaults.moc"
