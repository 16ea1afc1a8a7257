// The CapCutAPI media routes over real HTTP on 127.0.0.1 (spec/capcutapi-compat.md §5.2
// add_video, §5.3 add_audio, §5.4 add_image): defaults and units as stored in the draft, the KEEP
// error texts, local paths inside/outside the allowed folders, downloads from a loopback file
// server, overlaps, track creation, and that a failed call changes nothing. add_video_keyframe is
// in tst_compatmediakeyframes.cpp; the fixture in compatmediafixture.h.

#include "compatmediafixture.h"

class tst_CompatMedia : public CompatMediaFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareMedia(); }
    void init() { start(); }

    void cleanup()
    {
        m_server.reset(); // before the services it calls
    }

    // --- required parameters, types, availability ----------------------------------------------

    void requiredParameters_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("error");
        const QString video = u"Hi, the required parameters 'video_url' are missing."_s;
        const QString audio = u"Hi, the required parameters 'audio_url' are missing."_s;
        const QString image = u"Hi, the required parameters 'image_url' are missing."_s;
        QTest::newRow("video absent") << u"/add_video"_s << QJsonObject{} << video;
        QTest::newRow("video empty")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, u""_s}} << video;
        QTest::newRow("video null")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, QJsonValue::Null}} << video;
        QTest::newRow("audio absent") << u"/add_audio"_s << QJsonObject{{u"start"_s, 1}} << audio;
        QTest::newRow("audio false")
            << u"/add_audio"_s << QJsonObject{{u"audio_url"_s, false}} << audio;
        QTest::newRow("image absent") << u"/add_image"_s << QJsonObject{} << image;
        QTest::newRow("image 0") << u"/add_image"_s << QJsonObject{{u"image_url"_s, 0}} << image;
    }

    void requiredParameters()
    {
        QFETCH(QString, route);
        QFETCH(QJsonObject, body);
        QFETCH(QString, error);
        const HttpResult r = httpRequest("POST", QUrl(m_server->address().toUrl() + route),
                                         QJsonDocument(body).toJson());
        QCOMPARE(r.status, 200);
        const QJsonObject answer = r.json();
        QCOMPARE(answer.value(u"success"_s), QJsonValue(false));
        QCOMPARE(answer.value(u"output"_s), QJsonValue(u""_s));
        QCOMPARE(answer.value(u"error"_s).toString(), error);
        QCOMPARE(draftCount(), 0);
    }

    void transportRules()
    {
        // Same transport rules as the other compat routes (§1): 400 with the envelope.
        const HttpResult notJson
            = httpRequest("POST", QUrl(m_server->address().toUrl() + u"/add_video"_s),
                          "video_url=x", {{"Content-Type", "text/plain"}});
        QCOMPARE(notJson.status, 400);
        QCOMPARE(notJson.json().value(u"success"_s), QJsonValue(false));
        const HttpResult array
            = httpRequest("POST", QUrl(m_server->address().toUrl() + u"/add_audio"_s), "[1]");
        QCOMPARE(array.status, 400);
        const HttpResult get = httpGet(QUrl(m_server->address().toUrl() + u"/add_image"_s));
        QCOMPARE(get.status, 405);
    }

    void mediaServiceUnavailable()
    {
        start(false);
        for (const auto &[route, key, prefix] :
             {std::tuple{u"/add_video"_s, u"video_url"_s, VideoPrefix},
              std::tuple{u"/add_audio"_s, u"audio_url"_s, AudioPrefix},
              std::tuple{u"/add_image"_s, u"image_url"_s, ImagePrefix}}) {
            QCOMPARE(errorOf(route, {{key, m_clip}}), prefix + u"media service unavailable."_s);
        }
        QCOMPARE(draftCount(), 0);
    }

    void badParameters_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("error"); ///< the exact text, or what it contains after "~"
        const QString clip
            = QFileInfo(QDir(allowedFolder()).filePath(u"clip.mp4"_s)).canonicalFilePath();
        const QString still
            = QFileInfo(QDir(allowedFolder()).filePath(u"still.png"_s)).canonicalFilePath();
        const QString tone
            = QFileInfo(QDir(allowedFolder()).filePath(u"tone.wav"_s)).canonicalFilePath();
        QTest::newRow("url not a string")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, 12}}
            << VideoPrefix + u"video_url must be a string, got the number 12."_s;
        QTest::newRow("start text")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"start"_s, u"soon"_s}}
            << VideoPrefix + u"start must be a number, got the string \"soon\"."_s;
        QTest::newRow("start huge")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"start"_s, 1e300}}
            << u"~start value must be between 0.0 and"_s;
        QTest::newRow("start negative")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"start"_s, -1}}
            << u"~start value must be between 0.0 and"_s;
        QTest::newRow("end before start")
            << u"/add_video"_s
            << QJsonObject{{u"video_url"_s, clip}, {u"start"_s, 2}, {u"end"_s, 1}}
            << VideoPrefix + u"end (1) must be greater than start (2)."_s;
        QTest::newRow("speed 0") << u"/add_video"_s
                                 << QJsonObject{{u"video_url"_s, clip}, {u"speed"_s, 0}}
                                 << VideoPrefix + u"speed must be greater than 0, got 0."_s;
        QTest::newRow("speed bool")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"speed"_s, true}}
            << u"~speed must be a number, got true"_s;
        QTest::newRow("start beyond media")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"start"_s, 10}}
            << u"~start 10 s is at or beyond the end"_s;
        QTest::newRow("end beyond media")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"end"_s, 100}}
            << u"~end 100 s is beyond the media's duration"_s;
        QTest::newRow("duration beyond media")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"duration"_s, 9}}
            << u"~duration 9 s is longer than the media"_s;
        QTest::newRow("relative_index")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"relative_index"_s, -1}}
            << u"~relative_index must be between 0 and 9999, got -1"_s;
        QTest::newRow("unknown transition")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"transition"_s, u"Zap"_s}}
            << u"~"_s + VideoPrefix
                   + u"Unsupported transition type: Zap, transition setting skipped"_s;
        QTest::newRow("unknown mask")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"mask_type"_s, u"Blob"_s}}
            << u"~"_s + VideoPrefix
                   + u"Unsupported mask type Blob, supported types include: linear, mirror, "
                     "circle, rectangle, heart, star"_s;
        QTest::newRow("blur 5")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, clip}, {u"background_blur"_s, 5}}
            << VideoPrefix + u"Invalid background blur level: 5, valid values are: 1, 2, 3, 4."_s;
        QTest::newRow("video is a picture")
            << u"/add_video"_s << QJsonObject{{u"video_url"_s, still}} << u"~is a still image"_s;
        QTest::newRow("video is sound") << u"/add_video"_s << QJsonObject{{u"video_url"_s, tone}}
                                        << u"~video_url has no video stream"_s;
        QTest::newRow("audio without sound")
            << u"/add_audio"_s << QJsonObject{{u"audio_url"_s, clip}}
            << AudioPrefix + u"audio_url has no audio stream."_s;
        QTest::newRow("audio unknown effect")
            << u"/add_audio"_s
            << QJsonObject{{u"audio_url"_s, tone}, {u"effect_type"_s, u"Robot"_s}}
            << AudioPrefix + u"unknown audio effect 'Robot'."_s;
        QTest::newRow("audio volume")
            << u"/add_audio"_s << QJsonObject{{u"audio_url"_s, tone}, {u"volume"_s, u"loud"_s}}
            << AudioPrefix + u"volume must be a number, got the string \"loud\"."_s;
        QTest::newRow("image inverted")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"start"_s, 3}}
            << ImagePrefix + u"end (3) must be greater than start (3)."_s;
        QTest::newRow("image blur")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"background_blur"_s, 7}}
            << ImagePrefix + u"Invalid background blur level 7, valid values are 1-4."_s;
        QTest::newRow("image transition")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"transition"_s, u"Zap"_s}}
            << u"~"_s + ImagePrefix
                   + u"Warning: Unsupported transition type Zap, this parameter will be ignored"_s;
        QTest::newRow("image mask")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"mask_type"_s, u"Blob"_s}}
            << u"~"_s + ImagePrefix
                   + u"Unsupported mask type Blob, supported types include: Linear, Mirror, "
                     "Circle, Rectangle, Heart, Star"_s;
        QTest::newRow("image intro")
            << u"/add_image"_s
            << QJsonObject{{u"image_url"_s, still}, {u"intro_animation"_s, u"Spin"_s}}
            << u"~"_s + ImagePrefix
                   + u"Warning: Unsupported entrance animation type Spin, this parameter will be "
                     "ignored"_s;
        QTest::newRow("image legacy alias")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"animation"_s, u"Spin"_s}}
            << u"~Warning: Unsupported entrance animation type Spin"_s;
        QTest::newRow("image outro")
            << u"/add_image"_s
            << QJsonObject{{u"image_url"_s, still}, {u"outro_animation"_s, u"Spin"_s}}
            << u"~Warning: Unsupported exit animation type Spin, this parameter will be ignored"_s;
        QTest::newRow("image combo")
            << u"/add_image"_s
            << QJsonObject{{u"image_url"_s, still}, {u"combo_animation"_s, u"Spin"_s}}
            << u"~Warning: Unsupported combo animation type Spin, this parameter will be ignored"_s;
        QTest::newRow("image of sound") << u"/add_image"_s << QJsonObject{{u"image_url"_s, tone}}
                                        << ImagePrefix + u"image_url is not a picture."_s;
        QTest::newRow("width for creation")
            << u"/add_image"_s << QJsonObject{{u"image_url"_s, still}, {u"width"_s, 99999}}
            << u"~width"_s;
    }

    void badParameters()
    {
        QFETCH(QString, route);
        QFETCH(QJsonObject, body);
        QFETCH(QString, error);
        const QString got = errorOf(route, body);
        if (error.startsWith(u'~')) {
            QVERIFY2(got.contains(error.mid(1)), qPrintable(got));
            QVERIFY2(got.startsWith(u"Error occurred while processing "_s) && got.endsWith(u'.'),
                     qPrintable(got));
        } else {
            QCOMPARE(got, error);
        }
        QCOMPARE(draftCount(), 0); // nothing created by a failed call (atomic, §4.5)
    }

    // --- add_video
    // ---------------------------------------------------------------------------------

    void addVideoDefaults()
    {
        const QJsonObject answer = post(u"/add_video"_s, {{u"video_url"_s, m_clip}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        QCOMPARE(answer.value(u"error"_s).toString(), QString());
        const QJsonObject output = answer.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QVERIFY(id.startsWith(u"dfd_cat_"_s));
        QVERIFY(output.value(u"draft_url"_s).isString());
        QVERIFY(!output.contains(u"warning"_s));

        const Core::Draft draft = load(id);
        QCOMPARE(draft.width, 1080);
        QCOMPARE(draft.height, 1920);
        // The empty bottom track first, then video_main, both at layer 0 (§4.5 KEEP).
        QCOMPARE(trackNames(draft), (QStringList{u"video"_s, u"video_main"_s}));
        QCOMPARE(draft.tracks.at(0).type, Core::TrackType::Video);
        QVERIFY(draft.tracks.at(0).segments.isEmpty());
        QCOMPARE(draft.tracks.at(0).relativeIndex, 0);
        QCOMPARE(draft.tracks.at(1).type, Core::TrackType::Video);
        QCOMPARE(draft.tracks.at(1).relativeIndex, 0);

        const qint64 length = MediaFixtures::ffprobeDurationUs(m_clip);
        QVERIFY(std::llabs(length - 4'000'000) <= 50'000);
        const Core::Segment s = onlySegment(draft, u"video_main"_s);
        // end 0 ⇒ to the end of the media, resolved at add time (FIX of the zero-length segment).
        QVERIFY2(std::llabs(s.target.duration - length) <= 1'000,
                 qPrintable(QString::number(s.target.duration)));
        QCOMPARE(s.target.start, 0);
        QVERIFY(s.source);
        QCOMPARE(s.source->start, 0);
        QCOMPARE(s.source->duration, s.target.duration);
        QCOMPARE(s.speed, 1.0);
        QCOMPARE(s.volume, 1.0);
        QCOMPARE(s.transform, Core::Transform());
        QVERIFY(s.aux.isEmpty() && s.keyframes.isEmpty());
        QCOMPARE(draft.media.size(), 1);
        const Core::MediaMaterial m = draft.media.value(s.materialId);
        QCOMPARE(m.kind, Core::MediaKind::Video);
        QCOMPARE(m.path, m_clip); // referenced in place: it is inside the allowed folders
        QCOMPARE(m.name, u"clip.mp4"_s);
        QCOMPARE(m.width, 320);
        QCOMPARE(m.height, 240);
        QVERIFY(m.durationUs >= s.source->end());
    }

    void addVideoUnits()
    {
        // Seconds in, µs in the draft; start/end are the media in/out (quirk 5); numeric strings
        // are accepted (EXT); timeline length = (end − start) / speed.
        const QString id = ok(u"/add_video"_s, {{u"video_url"_s, m_clip},
                                                {u"start"_s, u"1"_s},
                                                {u"end"_s, 3.5},
                                                {u"target_start"_s, u"2.25"_s},
                                                {u"speed"_s, 2},
                                                {u"volume"_s, 0.5},
                                                {u"transform_x"_s, 0.25},
                                                {u"transform_y"_s, -0.5},
                                                {u"scale_x"_s, 1.5},
                                                {u"scale_y"_s, 2},
                                                {u"width"_s, 1920},
                                                {u"height"_s, 1080}});
        QVERIFY(!id.isEmpty());
        const Core::Draft draft = load(id);
        QCOMPARE(draft.width, 1920); // implicit creation uses width/height (§4.1)
        QCOMPARE(draft.height, 1080);
        const Core::Segment s = onlySegment(draft, u"video_main"_s);
        QCOMPARE(s.target, (Core::TimeRange{2'250'000, 1'250'000}));
        QCOMPARE(s.source, (Core::TimeRange{1'000'000, 2'500'000}));
        QCOMPARE(s.speed, 2.0);
        QCOMPARE(s.volume, 0.5);
        QCOMPARE(s.transform.x, 0.25);
        QCOMPARE(s.transform.y, -0.5);
        QCOMPARE(s.transform.scaleX, 1.5);
        QCOMPARE(s.transform.scaleY, 2.0);

        // duration is the out-point when end is absent or 0 (§5.2 CutPilot rule).
        const QString other
            = ok(u"/add_video"_s, {{u"video_url"_s, m_clip}, {u"duration"_s, 1.5}, {u"end"_s, 0}});
        QCOMPARE(onlySegment(load(other), u"video_main"_s).target, (Core::TimeRange{0, 1'500'000}));
        // 1 µs resolution with rounding.
        const QString fine = ok(u"/add_video"_s, {{u"video_url"_s, m_clip},
                                                  {u"start"_s, 0.0000004},
                                                  {u"end"_s, 0.0000026},
                                                  {u"target_start"_s, 0.0000015}});
        QCOMPARE(onlySegment(load(fine), u"video_main"_s).target, (Core::TimeRange{2, 3}));
    }

    void overlapAndTracks()
    {
        const QString id = ok(u"/add_video"_s, {{u"video_url"_s, m_clip}, {u"end"_s, 2}});
        QVERIFY(!id.isEmpty());
        // KEEP text: the *new* segment's range in µs, and nothing changes.
        QCOMPARE(errorOf(u"/add_video"_s, {{u"draft_id"_s, id},
                                           {u"video_url"_s, m_clip},
                                           {u"end"_s, 3},
                                           {u"target_start"_s, 1}}),
                 VideoPrefix
                     + u"New segment overlaps with existing segment [start: 1000000, end: "
                       "4000000]."_s);
        QCOMPARE(load(id).tracks.size(), 2);
        // Touching is fine; the same file shares one material (KEEP).
        QCOMPARE(ok(u"/add_video"_s, {{u"draft_id"_s, id},
                                      {u"video_url"_s, m_clip},
                                      {u"end"_s, 1},
                                      {u"target_start"_s, 2}}),
                 id);
        Core::Draft draft = load(id);
        QCOMPARE(track(draft, u"video_main"_s)->segments.size(), 2);
        QCOMPARE(draft.media.size(), 1);

        // Another track, created with relative_index; no second bottom track.
        QCOMPARE(ok(u"/add_video"_s, {{u"draft_id"_s, id},
                                      {u"video_url"_s, m_clip},
                                      {u"track_name"_s, u"overlay"_s},
                                      {u"relative_index"_s, 3}}),
                 id);
        // relative_index is ignored for an existing track (KEEP).
        QCOMPARE(ok(u"/add_image"_s, {{u"draft_id"_s, id},
                                      {u"image_url"_s, m_still},
                                      {u"track_name"_s, u"overlay"_s},
                                      {u"relative_index"_s, 7},
                                      {u"start"_s, 5},
                                      {u"end"_s, 6}}),
                 id);
        draft = load(id);
        QCOMPARE(trackNames(draft), (QStringList{u"video"_s, u"video_main"_s, u"overlay"_s}));
        QCOMPARE(track(draft, u"overlay"_s)->relativeIndex, 3);
        QCOMPARE(track(draft, u"overlay"_s)->segments.size(), 2);

        // Names are global across types (§4.5): a video track is not an audio track.
        QCOMPARE(errorOf(u"/add_audio"_s, {{u"draft_id"_s, id},
                                           {u"audio_url"_s, m_tone},
                                           {u"track_name"_s, u"video_main"_s}}),
                 AudioPrefix + u"track 'video_main' is a video track."_s);
        QCOMPARE(load(id).tracks.size(), 3);
    }

    void oneUndoStep()
    {
        // Tracks, media and segment of one call are one undo step of the shared DraftService
        // (the GUI undoes an API edit), persisted on undo and redo.
        const QString id = ok(u"/add_video"_s, {{u"video_url"_s, m_clip}});
        QVERIFY(!id.isEmpty());
        Core::Result<Core::DraftService *> service = m_workspace->open(id);
        QVERIFY(service);
        QCOMPARE((*service)->undoStack()->count(), 1);
        const Core::Draft done = load(id);
        // (The GUI's undo and redo are written behind it: the store follows shortly.)
        (*service)->undoStack()->undo();
        QTRY_VERIFY(load(id).tracks.isEmpty());
        QVERIFY(load(id).media.isEmpty());
        (*service)->undoStack()->redo();
        QTRY_COMPARE(trackNames(load(id)), trackNames(done));
        QCOMPARE(onlySegment(load(id), u"video_main"_s).target,
                 onlySegment(done, u"video_main"_s).target);
    }

    void bottomTrackRules()
    {
        // add_image first: the empty bottom track too, then image_main.
        const QString image = ok(u"/add_image"_s, {{u"image_url"_s, m_still}});
        QCOMPARE(trackNames(load(image)), (QStringList{u"video"_s, u"image_main"_s}));
        // Later adds do not make another one.
        QCOMPARE(ok(u"/add_video"_s, {{u"draft_id"_s, image}, {u"video_url"_s, m_clip}}), image);
        QCOMPARE(trackNames(load(image)),
                 (QStringList{u"video"_s, u"image_main"_s, u"video_main"_s}));

        // FIX (§9 row 42): a first add onto a track called "video" makes just that track, and
        // later adds on the draft keep working.
        const QString own
            = ok(u"/add_video"_s, {{u"video_url"_s, m_clip}, {u"track_name"_s, u"video"_s}});
        QVERIFY(!own.isEmpty());
        QCOMPARE(trackNames(load(own)), QStringList{u"video"_s});
        QCOMPARE(ok(u"/add_image"_s, {{u"draft_id"_s, own}, {u"image_url"_s, m_still}}), own);
        QCOMPARE(trackNames(load(own)), (QStringList{u"video"_s, u"image_main"_s}));

        // Audio never makes the video bottom track.
        const QString audio = ok(u"/add_audio"_s, {{u"audio_url"_s, m_tone}});
        QCOMPARE(trackNames(load(audio)), QStringList{u"audio_main"_s});
        // A null track_name means the default (FIX).
        QCOMPARE(ok(u"/add_audio"_s, {{u"draft_id"_s, audio},
                                      {u"audio_url"_s, m_tone},
                                      {u"track_name"_s, QJsonValue::Null},
                                      {u"target_start"_s, 3}}),
                 audio);
        QCOMPARE(track(load(audio), u"audio_main"_s)->segments.size(), 2);
    }

    void unknownDraftId()
    {
        // §4.1 KEEP: an unknown id creates a new draft, with the EXT warning.
        const QJsonObject answer = post(
            u"/add_video"_s, {{u"draft_id"_s, u"dfd_cat_1_deadbeef"_s}, {u"video_url"_s, m_clip}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        const QJsonObject output = answer.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QVERIFY(id != u"dfd_cat_1_deadbeef"_s);
        QVERIFY(m_store->contains(id));
        QCOMPARE(output.value(u"warning"_s).toString(),
                 u"draft_id dfd_cat_1_deadbeef not found; created new draft %1"_s.arg(id));
        // Width/height never resize an existing draft.
        QCOMPARE(ok(u"/add_audio"_s, {{u"draft_id"_s, id},
                                      {u"audio_url"_s, m_tone},
                                      {u"width"_s, 640},
                                      {u"height"_s, 480}}),
                 id);
        QCOMPARE(load(id).width, 1080);
    }

    // --- paths and downloads -------------------------------------------------------------------

    void localPaths_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error"); ///< contained in the message; "" = success
        QTest::newRow("outside") << u"OUTSIDE"_s << u"is outside the allowed folders"_s;
        QTest::newRow("dotdot") << u"ALLOWED/../outside/clip.mp4"_s << u"video_url"_s;
        QTest::newRow("file url") << u"file://ALLOWED/clip.mp4"_s << u"video_url"_s;
        QTest::newRow("ftp url") << u"ftp://127.0.0.1/clip.mp4"_s
                                 << u"'ftp' URLs are not supported"_s;
        QTest::newRow("relative") << u"clip.mp4"_s << u"video_url"_s;
        QTest::newRow("missing file") << u"ALLOWED/none.mp4"_s << u"there is no file"_s;
        QTest::newRow("not media") << u"ALLOWED/notes.txt"_s << u"video_url"_s;
        QTest::newRow("unicode") << u"UNICODE"_s << QString();
    }

    void localPaths()
    {
        QFETCH(QString, url);
        QFETCH(QString, error);
        QFile notes(QDir(allowedFolder()).filePath(u"notes.txt"_s));
        QVERIFY(notes.open(QIODevice::WriteOnly) && notes.write("not a video") > 0);
        notes.close();
        url.replace(u"OUTSIDE"_s, m_outsideClip)
            .replace(u"ALLOWED"_s, allowedFolder())
            .replace(u"UNICODE"_s, m_unicodeClip);
        const QJsonObject answer = post(u"/add_video"_s, {{u"video_url"_s, url}});
        if (error.isEmpty()) {
            QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
            const Core::Draft draft
                = load(answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString());
            const Core::Segment s = onlySegment(draft, u"video_main"_s);
            QCOMPARE(draft.media.value(s.materialId).path, m_unicodeClip);
            QCOMPARE(draft.media.value(s.materialId).name, u"画面 1.mp4"_s);
            return;
        }
        QCOMPARE(answer.value(u"success"_s), QJsonValue(false));
        const QString message = answer.value(u"error"_s).toString();
        QVERIFY2(message.startsWith(VideoPrefix) && message.contains(error), qPrintable(message));
        QCOMPARE(draftCount(), 0);
    }

    void downloads()
    {
        const QString url = m_files.url(u"/media/clip.mp4?token=secret"_s).toString();
        const QString id = ok(u"/add_video"_s, {{u"video_url"_s, url}, {u"end"_s, 2}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_files.requestCount("/media/clip.mp4"), 1);
        Core::Draft draft = load(id);
        const Core::Segment s = onlySegment(draft, u"video_main"_s);
        QCOMPARE(s.target, (Core::TimeRange{0, 2'000'000}));
        const Core::MediaMaterial m = draft.media.value(s.materialId);
        // Staged into the drafts folder with the real extension, named by content.
        const QFileInfo staged(m.path);
        QVERIFY2(staged.isFile(), qPrintable(m.path));
        QVERIFY(isInsideFolder(m.path, m_store->root()));
        QCOMPARE(staged.suffix(), u"mp4"_s);
        QCOMPARE(staged.completeBaseName().size(), 64); // SHA-256
        QCOMPARE(staged.size(), QFileInfo(m_clip).size());
        QCOMPARE(m.name, u"clip.mp4"_s);
        QCOMPARE(m.width, 320);
        // The download's pin is released once the draft has its own copy (mediaservice.h).
        QVERIFY(!m_cache->isPinned(staged.completeBaseName()));

        // The same URL again shares the material (KEEP), whatever the track.
        QCOMPARE(ok(u"/add_video"_s,
                    {{u"draft_id"_s, id}, {u"video_url"_s, url}, {u"track_name"_s, u"second"_s}}),
                 id);
        draft = load(id);
        QCOMPARE(draft.media.size(), 1);
        QCOMPARE(track(draft, u"second"_s)->segments.first().materialId, s.materialId);

        // add_audio and add_image take URLs too.
        QCOMPARE(ok(u"/add_image"_s, {{u"draft_id"_s, id}, {u"image_url"_s, url}}), id);
    }

    void mediaDoesNotBlockTheApiThread()
    {
        // The download of one add_video trickles in; other requests are answered meanwhile, and
        // the add_video answer comes once the media is there and the segment added.
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(m_server->address().toUrl() + u"/add_video"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        const QJsonObject body{{u"video_url"_s, m_files.url(u"/media/slow.mp4"_s).toString()}};
        QNetworkReply *pending = manager.post(request, QJsonDocument(body).toJson());
        QTRY_COMPARE(m_files.requestCount("/media/slow.mp4"), 1);
        const HttpResult other
            = httpGet(QUrl(m_server->address().toUrl() + u"/get_transition_types"_s));
        QCOMPARE(other.status, 200);
        QCOMPARE(other.json().value(u"success"_s), QJsonValue(true));
        QVERIFY(!pending->isFinished());
        QTRY_VERIFY_WITH_TIMEOUT(pending->isFinished(), 60'000);
        const QJsonObject answer = QJsonDocument::fromJson(pending->readAll()).object();
        pending->deleteLater();
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        const QString id = answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString();
        QCOMPARE(onlySegment(load(id), u"video_main"_s).target.start, 0);
    }

    void failedDownloads()
    {
        // A failed download is an honest failure (§9 row 23), never a success; no draft.
        const QString url = m_files.url(u"/media/missing.mp4"_s).toString();
        for (const auto &[route, key, prefix] :
             {std::tuple{u"/add_video"_s, u"video_url"_s, VideoPrefix},
              std::tuple{u"/add_audio"_s, u"audio_url"_s, AudioPrefix},
              std::tuple{u"/add_image"_s, u"image_url"_s, ImagePrefix}}) {
            const QString message = errorOf(route, {{key, url}});
            QVERIFY2(message.startsWith(prefix + key + u": could not download "_s
                                        + m_files.url(u"/media/missing.mp4"_s).toString()),
                     qPrintable(message));
            QVERIFY2(message.contains(u"404"_s), qPrintable(message));
        }
        QCOMPARE(draftCount(), 0);
        // An unreachable server likewise; an existing draft stays unchanged.
        const QString id = ok(u"/add_audio"_s, {{u"audio_url"_s, m_tone}});
        const QString closed = u"http://127.0.0.1:1/a.mp3"_s;
        QVERIFY(errorOf(u"/add_audio"_s,
                        {{u"draft_id"_s, id}, {u"audio_url"_s, closed}, {u"target_start"_s, 10}})
                    .startsWith(AudioPrefix + u"audio_url: could not download"_s));
        QCOMPARE(track(load(id), u"audio_main"_s)->segments.size(), 1);
    }

    // --- add_audio / add_image -----------------------------------------------------------------

    void addAudio()
    {
        const QString id = ok(u"/add_audio"_s, {{u"audio_url"_s, m_tone}});
        QVERIFY(!id.isEmpty());
        Core::Draft draft = load(id);
        const Core::Track *audio = track(draft, u"audio_main"_s);
        QVERIFY(audio);
        QCOMPARE(audio->type, Core::TrackType::Audio);
        const Core::Segment s = audio->segments.value(0);
        QCOMPARE(s.target, (Core::TimeRange{0, 3'000'000})); // to the end of the media
        QCOMPARE(s.source, (Core::TimeRange{0, 3'000'000}));
        QCOMPARE(s.volume, 1.0);
        const Core::MediaMaterial m = draft.media.value(s.materialId);
        QCOMPARE(m.kind, Core::MediaKind::Audio);
        QCOMPARE(m.durationUs, 3'000'000);
        QCOMPARE(m.path, m_tone);

        QCOMPARE(ok(u"/add_audio"_s, {{u"draft_id"_s, id},
                                      {u"audio_url"_s, m_tone},
                                      {u"start"_s, 0.5},
                                      {u"end"_s, 2},
                                      {u"target_start"_s, 4},
                                      {u"volume"_s, 0.3},
                                      {u"speed"_s, 0.5}}),
                 id);
        draft = load(id);
        const Core::Segment slow = track(draft, u"audio_main"_s)->segments.value(1);
        QCOMPARE(slow.source, (Core::TimeRange{500'000, 1'500'000}));
        QCOMPARE(slow.target, (Core::TimeRange{4'000'000, 3'000'000}));
        QCOMPARE(slow.volume, 0.3);
        QCOMPARE(draft.media.size(), 1);

        // A video file's sound (with a picture) is accepted for its audio.
        const QString talk = ok(u"/add_audio"_s, {{u"audio_url"_s, m_clipWithSound}});
        QVERIFY(!talk.isEmpty());
        QVERIFY(onlySegment(load(talk), u"audio_main"_s).target.duration >= 1'900'000);
    }

    void addAudioEffect()
    {
        start(true, true);
        const QString id = ok(u"/add_audio"_s, {{u"audio_url"_s, m_tone},
                                                {u"effect_type"_s, u"回音"_s},
                                                {u"effect_params"_s, QJsonArray{40}}});
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlySegment(load(id), u"audio_main"_s);
        QCOMPARE(s.aux.size(), 1);
        QCOMPARE(s.aux.first().list, u"audio_effects"_s);
        // Surplus and out-of-range values are errors here (KEEP, §5.3).
        QVERIFY(errorOf(u"/add_audio"_s, {{u"audio_url"_s, m_tone},
                                          {u"effect_type"_s, u"回音"_s},
                                          {u"effect_params"_s, QJsonArray{40, 50}}})
                    .contains(u"effect_params has 2 values, but '回音' takes 1"_s));
        QVERIFY(errorOf(u"/add_audio"_s, {{u"audio_url"_s, m_tone},
                                          {u"effect_type"_s, u"回音"_s},
                                          {u"effect_params"_s, QJsonArray{101}}})
                    .contains(u"allowed 0..100"_s));
        QCOMPARE(draftCount(), 1);
    }

    void addImage()
    {
        const QString id = ok(u"/add_image"_s, {{u"image_url"_s, m_still}});
        QVERIFY(!id.isEmpty());
        Core::Draft draft = load(id);
        const Core::Segment s = onlySegment(draft, u"image_main"_s);
        QCOMPARE(s.target, (Core::TimeRange{0, 3'000'000})); // defaults 0..3 s, a timeline range
        QCOMPARE(s.source, (Core::TimeRange{0, 3'000'000}));
        const Core::MediaMaterial m = draft.media.value(s.materialId);
        QCOMPARE(m.kind, Core::MediaKind::Photo);
        QCOMPARE(m.durationUs, Core::MediaMaterial::PhotoDurationUs);
        QCOMPARE(m.width, 64);
        QCOMPARE(m.height, 48);
        QCOMPARE(track(draft, u"image_main"_s)->type, Core::TrackType::Video);

        QCOMPARE(ok(u"/add_image"_s, {{u"draft_id"_s, id},
                                      {u"image_url"_s, m_still},
                                      {u"start"_s, 3},
                                      {u"end"_s, u"4.5"_s},
                                      {u"scale_x"_s, 0.5}}),
                 id);
        const Core::Segment second = track(load(id), u"image_main"_s)->segments.value(1);
        QCOMPARE(second.target, (Core::TimeRange{3'000'000, 1'500'000}));
        QCOMPARE(second.transform.scaleX, 0.5);
        QCOMPARE(
            errorOf(
                u"/add_image"_s,
                {{u"draft_id"_s, id}, {u"image_url"_s, m_still}, {u"start"_s, 4}, {u"end"_s, 5}}),
            ImagePrefix
                + u"New segment overlaps with existing segment [start: 4000000, end: "
                  "5000000]."_s);
    }

    void linkedMaterials()
    {
        start(true, true);
        // A mask, a blur and an intro on a picture (names from the loaded catalog, §6).
        const QString id = ok(u"/add_image"_s, {{u"image_url"_s, m_still},
                                                {u"mask_type"_s, u"Circle"_s},
                                                {u"background_blur"_s, 2},
                                                {u"intro_animation"_s, u"渐显"_s},
                                                {u"intro_animation_duration"_s, 1}});
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlySegment(load(id), u"image_main"_s);
        QStringList lists;
        for (const Core::AuxMaterial &a : s.aux)
            lists.append(a.list);
        lists.sort();
        QCOMPARE(lists, (QStringList{u"canvases"_s, u"masks"_s, u"material_animations"_s}));
        // A rectangle option on a circle mask names the field.
        QVERIFY(errorOf(u"/add_video"_s, {{u"video_url"_s, m_clip},
                                          {u"mask_type"_s, u"圆形"_s},
                                          {u"mask_rect_width"_s, 0.5}})
                    .contains(u"mask_rect_width applies to the rectangle mask only"_s));
        // A transition plays into the next segment: added where a segment follows directly.
        const QString clips = ok(u"/add_video"_s,
                                 {{u"video_url"_s, m_clip}, {u"end"_s, 1}, {u"target_start"_s, 2}});
        QCOMPARE(ok(u"/add_video"_s, {{u"draft_id"_s, clips},
                                      {u"video_url"_s, m_clip},
                                      {u"end"_s, 2},
                                      {u"transition"_s, u"叠化"_s},
                                      {u"transition_duration"_s, 0.25},
                                      {u"mask_type"_s, u"矩形"_s},
                                      {u"mask_rect_width"_s, 0.5}}),
                 clips);
        const Core::Segment first = track(load(clips), u"video_main"_s)->segments.value(0);
        QCOMPARE(first.target.start, 0);
        QStringList firstLists;
        for (const Core::AuxMaterial &a : first.aux)
            firstLists.append(a.list);
        firstLists.sort();
        QCOMPARE(firstLists, (QStringList{u"masks"_s, u"transitions"_s}));
    }

    void transitionBeforeTheNextSegment()
    {
        // CapCutAPI's order (checklist §12.4): the transition comes with the first clip, the
        // clip it plays into later. It waits (EXT warning) and is added with that clip.
        start(true, true);
        QJsonObject answer = post(u"/add_video"_s, {{u"video_url"_s, m_clip},
                                                    {u"end"_s, 2},
                                                    {u"transition"_s, u"叠化"_s},
                                                    {u"transition_duration"_s, 0.5}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        const QJsonObject output = answer.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QCOMPARE(output.value(u"warning"_s).toString(),
                 u"transition '叠化' is added when a segment is placed right after this one (at 2 "
                 "s)"_s);
        QVERIFY(track(load(id), u"video_main"_s)->segments.value(0).aux.isEmpty());
        // A clip elsewhere does not take it.
        QCOMPARE(ok(u"/add_video"_s, {{u"draft_id"_s, id},
                                      {u"video_url"_s, m_clip},
                                      {u"end"_s, 1},
                                      {u"target_start"_s, 5}}),
                 id);
        QVERIFY(track(load(id), u"video_main"_s)->segments.value(0).aux.isEmpty());
        // The clip right after it does.
        answer = post(
            u"/add_video"_s,
            {{u"draft_id"_s, id}, {u"video_url"_s, m_clip}, {u"end"_s, 1}, {u"target_start"_s, 2}});
        QCOMPARE(answer.value(u"success"_s), QJsonValue(true));
        QVERIFY(!answer.value(u"output"_s).toObject().contains(u"warning"_s));
        const Core::Segment first = track(load(id), u"video_main"_s)->segments.value(0);
        QCOMPARE(first.target, (Core::TimeRange{0, 2'000'000}));
        QCOMPARE(first.aux.size(), 1);
        QCOMPARE(first.aux.first().list, u"transitions"_s);
        QCOMPARE(first.aux.first().json.value(u"duration"_s).toInteger(), 500'000);
    }

    // --- add_video_keyframe --------------------------------------------------------------------
};

QTEST_GUILESS_MAIN(tst_CompatMedia)
#include "tst_compatmedia.moc"
