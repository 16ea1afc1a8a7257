// POST /add_video_keyframe over real HTTP on 127.0.0.1 (spec/capcutapi-compat.md §5.9, value
// grammar §8): single and batch mode, absolute times onto the covering segment, the KEEP error
// texts, the FIX answers (no covering segment, unknown draft) and that a call is all or nothing.
// The segments come from add_video with media made by ffmpeg (compatmediafixture.h).

#include "compatmediafixture.h"

class tst_CompatMediaKeyframes : public CompatMediaFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareMedia(); }
    void init() { start(); }
    void cleanup() { m_server.reset(); }

    void keyframes()
    {
        const QString id = twoClips();
        QVERIFY(!id.isEmpty());
        // Single mode defaults: alpha "1.0" at 0 s on video_main.
        QJsonObject answer = post(u"/add_video_keyframe"_s, {{u"draft_id"_s, id}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        QCOMPARE(answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString(), id);
        QVERIFY(!answer.value(u"output"_s).toObject().contains(u"added_keyframes_count"_s));
        Core::Draft draft = load(id);
        const Core::Track *main = track(draft, u"video_main"_s);
        Core::Keyframe k = keyframe(main->segments.at(0), Core::KeyframeProperty::Alpha);
        QCOMPARE(k.offsetUs, 0);
        QCOMPARE(k.value, 1.0);

        // Absolute time ⇒ the covering segment, offset from its start; "15deg".
        QVERIFY(!ok(u"/add_video_keyframe"_s, {{u"draft_id"_s, id},
                                               {u"property_type"_s, u"rotation"_s},
                                               {u"time"_s, 3.25},
                                               {u"value"_s, u"15deg"_s}})
                     .isEmpty());
        // A boundary goes to the earlier segment, at its end (KEEP).
        QVERIFY(!ok(u"/add_video_keyframe"_s, {{u"draft_id"_s, id},
                                               {u"track_name"_s, QJsonValue::Null},
                                               {u"property_type"_s, u"position_x"_s},
                                               {u"time"_s, u"2"_s},
                                               {u"value"_s, u"-0.5"_s}})
                     .isEmpty());
        draft = load(id);
        main = track(draft, u"video_main"_s);
        k = keyframe(main->segments.at(1), Core::KeyframeProperty::Rotation);
        QCOMPARE(k.offsetUs, 1'250'000);
        QCOMPARE(k.value, 15.0);
        k = keyframe(main->segments.at(0), Core::KeyframeProperty::PositionX);
        QCOMPARE(k.offsetUs, 2'000'000);
        QCOMPARE(k.value, -0.5);

        // Batch mode with the value grammar (§8); numbers too (EXT).
        answer = post(u"/add_video_keyframe"_s,
                      {{u"draft_id"_s, id},
                       {u"property_types"_s,
                        QJsonArray{u"alpha"_s, u"volume"_s, u"saturation"_s, u"contrast"_s,
                                   u"brightness"_s, u"scale_x"_s, u"alpha"_s}},
                       {u"times"_s, QJsonArray{0.5, 1, 1.5, u"1.5"_s, 0.25, 3, 3.5}},
                       {u"values"_s, QJsonArray{u"50%"_s, u"80%"_s, u"+0.5"_s, u"-.25"_s,
                                                u" 1e-1 "_s, 1.5, 0.75}}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        QCOMPARE(answer.value(u"output"_s).toObject().value(u"added_keyframes_count"_s).toInt(), 7);
        draft = load(id);
        main = track(draft, u"video_main"_s);
        const Core::Segment &a = main->segments.at(0);
        const Core::Segment &b = main->segments.at(1);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Alpha, 1).offsetUs, 500'000);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Alpha, 1).value, 0.5);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Volume).value, 0.8);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Saturation).value, 0.5);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Contrast).value, -0.25);
        QCOMPARE(keyframe(a, Core::KeyframeProperty::Brightness).value, 0.1);
        QCOMPARE(keyframe(b, Core::KeyframeProperty::ScaleX).offsetUs, 1'000'000);
        QCOMPARE(keyframe(b, Core::KeyframeProperty::ScaleX).value, 1.5);
        QCOMPARE(keyframe(b, Core::KeyframeProperty::Alpha).offsetUs, 1'500'000);
        QCOMPARE(keyframe(b, Core::KeyframeProperty::Alpha).value, 0.75);
        QCOMPARE(keyframeCount(draft), 10);
        // A batch is one undo step.
        Core::Result<Core::DraftService *> service = m_workspace->open(id);
        QVERIFY(service);
        (*service)->undoStack()->undo(); // written behind: the store follows shortly
        QTRY_COMPARE(keyframeCount(load(id)), 3);
        (*service)->undoStack()->redo();
        QTRY_COMPARE(keyframeCount(load(id)), 10);

        // uniform_scale after scale_x on one segment is an error (KEEP, at add time).
        const QString mixed
            = errorOf(u"/add_video_keyframe"_s, {{u"draft_id"_s, id},
                                                 {u"property_type"_s, u"uniform_scale"_s},
                                                 {u"time"_s, 3},
                                                 {u"value"_s, u"2"_s}});
        QVERIFY2(mixed.startsWith(KeyframePrefix
                                  + u"Failed to add keyframe: Failed to add keyframe #1 "
                                    "(property_type=uniform_scale, time=3, value=2): "_s)
                     && mixed.contains(u"uniform and per-axis scale"_s),
                 qPrintable(mixed));
        QCOMPARE(keyframeCount(load(id)), 10);
    }

    void keyframeErrors_data()
    {
        QTest::addColumn<QJsonObject>("body"); ///< draft_id is added
        QTest::addColumn<QString>("error");    ///< after the route prefix; "~": contained
        const QString entry = u"Failed to add keyframe: Failed to add keyframe #1 "_s;
        QTest::newRow("unknown property")
            << QJsonObject{{u"property_type"_s, u"blur"_s}}
            << entry
                   + u"(property_type=blur, time=0, value=1.0): Unsupported keyframe property "
                     "type: blur."_s;
        const auto bad
            = [&](const QString &property, const QJsonValue &value, const QString &shown) {
                  return std::pair{QJsonObject{{u"property_type"_s, property}, {u"value"_s, value}},
                                   QString(entry
                                           + u"(property_type=%1, time=0, value=%2): Invalid "
                                             "value format: %2."_s.arg(property, shown))};
              };
        for (const auto &[tag, property, value, shown] :
             {std::tuple{"text", u"alpha"_s, QJsonValue(u"abc"_s), u"abc"_s},
              std::tuple{"inf", u"alpha"_s, QJsonValue(u"inf"_s), u"inf"_s},
              std::tuple{"nan", u"volume"_s, QJsonValue(u"nan"_s), u"nan"_s},
              std::tuple{"separator", u"scale_x"_s, QJsonValue(u"1_000"_s), u"1_000"_s},
              std::tuple{"space before unit", u"alpha"_s, QJsonValue(u"50 %"_s), u"50 %"_s},
              std::tuple{"unit case", u"rotation"_s, QJsonValue(u"15DEG"_s), u"15DEG"_s},
              std::tuple{"percent on position", u"position_x"_s, QJsonValue(u"5%"_s), u"5%"_s},
              std::tuple{"bool", u"alpha"_s, QJsonValue(true), u"True"_s},
              std::tuple{"list", u"alpha"_s, QJsonValue(QJsonArray{1}), u"[1]"_s}}) {
            const auto [body, error] = bad(property, value, shown);
            QTest::newRow(tag) << body << error;
        }
        QTest::newRow("position limit")
            << QJsonObject{{u"property_type"_s, u"position_y"_s}, {u"value"_s, u"10.5"_s}}
            << u"~Invalid value format: 10.5 (position_y must be between -10 and 10)."_s;
        QTest::newRow("alpha limit")
            << QJsonObject{{u"property_type"_s, u"alpha"_s}, {u"value"_s, u"150%"_s}}
            << u"~Invalid value format: 150% (alpha must be between 0 and 1)."_s;
        QTest::newRow("colour limit")
            << QJsonObject{{u"property_type"_s, u"brightness"_s}, {u"value"_s, u"+2"_s}}
            << u"~(brightness must be between -1 and 1)."_s;
        QTest::newRow("time text") << QJsonObject{{u"time"_s, u"later"_s}}
                                   << u"~time must be a number, got the string \"later\"."_s;
        QTest::newRow("time negative")
            << QJsonObject{{u"time"_s, -1}} << u"~time must be between 0 and"_s;
        QTest::newRow("time huge")
            << QJsonObject{{u"time"_s, 1e300}} << u"~time must be between 0 and"_s;
        QTest::newRow("no covering segment")
            << QJsonObject{{u"time"_s, 10}}
            << entry
                   + u"(property_type=alpha, time=10, value=1.0): no segment on track "
                     "'video_main' at 10 s."_s;
        QTest::newRow("unknown track") << QJsonObject{{u"track_name"_s, u"nope"_s}}
                                       << u"Failed to add keyframe: 不存在名为 'nope' 的轨道."_s;
        QTest::newRow("empty track") << QJsonObject{{u"track_name"_s, u"video"_s}}
                                     << u"Failed to add keyframe: No segments in track video."_s;
        QTest::newRow("track type") << QJsonObject{{u"track_name"_s, 5}}
                                    << u"track_name must be a string, got the number 5."_s;
        const QString lists = u"Failed to add keyframe: "_s;
        QTest::newRow("batch missing")
            << QJsonObject{{u"property_types"_s, QJsonArray{u"alpha"_s}},
                           {u"times"_s, QJsonArray{1}}}
            << lists + u"In batch mode, property_types, times, values must be provided together."_s;
        QTest::newRow("batch not lists")
            << QJsonObject{{u"property_types"_s, u"alpha"_s},
                           {u"times"_s, QJsonArray{1}},
                           {u"values"_s, QJsonArray{u"1"_s}}}
            << lists + u"property_types, times, values must all be list types."_s;
        QTest::newRow("batch empty")
            << QJsonObject{{u"property_types"_s, QJsonArray{}},
                           {u"times"_s, QJsonArray{}},
                           {u"values"_s, QJsonArray{}}}
            << lists + u"In batch mode, parameter lists cannot be empty."_s;
        QTest::newRow("batch lengths")
            << QJsonObject{{u"property_types"_s, QJsonArray{u"alpha"_s, u"alpha"_s}},
                           {u"times"_s, QJsonArray{1}},
                           {u"values"_s, QJsonArray{u"1"_s, u"1"_s, u"1"_s}}}
            << lists
                   + u"property_types, times, values must have equal lengths, current lengths "
                     "are: 2, 1, 3."_s;
        // The second entry fails: the first is not applied either (atomic).
        QTest::newRow("batch atomic")
            << QJsonObject{{u"property_types"_s, QJsonArray{u"alpha"_s, u"alpha"_s}},
                           {u"times"_s, QJsonArray{0.5, 1}},
                           {u"values"_s, QJsonArray{u"0.5"_s, u"2"_s}}}
            << u"Failed to add keyframe: Failed to add keyframe #2 (property_type=alpha, time=1, "
               "value=2): Invalid value format: 2 (alpha must be between 0 and 1)."_s;
    }

    void keyframeErrors()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, error);
        const QString id = twoClips();
        QVERIFY(!id.isEmpty());
        QCOMPARE(ok(u"/add_image"_s, {{u"draft_id"_s, id}, {u"image_url"_s, m_still}}), id);
        body.insert(u"draft_id"_s, id);
        const QString got = errorOf(u"/add_video_keyframe"_s, body);
        if (error.startsWith(u'~'))
            QVERIFY2(got.startsWith(KeyframePrefix) && got.contains(error.mid(1)), qPrintable(got));
        else
            QCOMPARE(got, KeyframePrefix + error);
        QCOMPARE(keyframeCount(load(id)), 0);
    }

    void keyframeUnknownDraft()
    {
        // FIX (§4.1): no draft is created; "Draft <x> does not exist".
        QCOMPARE(errorOf(u"/add_video_keyframe"_s, {{u"draft_id"_s, u"dfd_cat_1_00000000"_s}}),
                 KeyframePrefix + u"Draft dfd_cat_1_00000000 does not exist."_s);
        QVERIFY(errorOf(u"/add_video_keyframe"_s, {}).startsWith(KeyframePrefix));
        QCOMPARE(draftCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_CompatMediaKeyframes)
#include "tst_compatmediakeyframes.moc"
