// The media bin (ui/media/mediabinwidget.h) on a real MediaService: imports by call, by a file
// manager drop and by URL (loopback server), probe facts and thumbnails, errors on the item,
// search, sort, the drag payload for the timeline, and the persisted list.

#include "../media/faultserver.h"
#include "mediabinfixture.h"
#include "ui/common/mediamime.h"
#include "ui/media/mediabinmodel.h"
#include "ui/media/mediabinview.h"
#include "ui/media/mediabinwidget.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QToolButton>

using namespace CutPilot;
using namespace CutPilot::Test;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

using State = MediaBinItem::State;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool settled(const QAbstractItemModel *model)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto state = State(model->index(row, 0).data(MediaBinModel::StateRole).toInt());
        if (state == State::Probing || state == State::Downloading)
            return false;
    }
    return true;
}

QStringList names(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, 0).data(MediaBinModel::NameRole).toString());
    return out;
}

QModelIndex indexOf(const QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(MediaBinModel::NameRole).toString() == name)
            return model->index(row, 0);
    }
    return {};
}

} // namespace

class tst_MediaBin : public QObject
{
    Q_OBJECT

private:
    MediaBinFixture m_fx;
    QString m_beach;  // 2 s video
    QString m_city;   // 3 s video
    QString m_tone;   // 1 s audio
    QString m_photo;  // 160x120 png
    QString m_broken; // not media
    QString m_nested; // media/sub/nested.mp4, 1 s
    QString m_outside;
    QString m_downloads; // the bin's media folder (URL imports are copied there)
    std::unique_ptr<MediaBinWidget> m_bin;

    MediaBinModel *model() const { return m_bin->model(); }
    QSortFilterProxyModel *proxy() const { return m_bin->proxyModel(); }
    QWidget *viewport() const { return m_bin->view()->viewport(); }

    /// Clicks the item named `name` in the view (with `modifiers`).
    void clickItem(const QString &name, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        const QModelIndex index = indexOf(proxy(), name);
        QVERIFY2(index.isValid(), qPrintable(name));
        m_bin->view()->scrollTo(index);
        const QRect rect = m_bin->view()->visualRect(index);
        QVERIFY(rect.isValid());
        QTest::mouseClick(viewport(), Qt::LeftButton, modifiers, rect.center());
    }

    void waitSettled(int rows)
    {
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), rows, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(settled(model()), 30'000);
    }

    /// The item named `name` (it must be in the bin).
    const MediaBinItem &item(const QString &name) const
    {
        const QModelIndex index = indexOf(model(), name);
        Q_ASSERT_X(index.isValid(), "item", qPrintable(name));
        return model()->item(index.row());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.setUp(), "needs the ffmpeg command and a temporary folder");
        m_beach = m_fx.video(u"beach.mp4"_s, 2);
        m_city = m_fx.video(u"city.mp4"_s, 3);
        m_tone = m_fx.audio(u"tone.wav"_s, 1);
        m_photo = m_fx.image(u"photo.png"_s);
        m_broken = m_fx.garbage(u"broken.mp4"_s);
        QVERIFY2(!m_beach.isEmpty() && !m_city.isEmpty() && !m_tone.isEmpty() && !m_photo.isEmpty()
                     && !m_broken.isEmpty(),
                 qPrintable(m_fx.lastError()));
        QDir(m_fx.mediaDir()).mkpath(u"sub/deeper"_s);
        m_nested = QDir(m_fx.mediaDir()).filePath(u"sub/deeper/nested.mp4"_s);
        QVERIFY(QFile::copy(m_beach, m_nested));
        QVERIFY(m_fx.garbage(u"sub/readme.txt"_s).size() > 0); // not media by extension
        m_outside = QDir(m_fx.outsideDir()).filePath(u"outside.mp4"_s);
        QVERIFY(QFile::copy(m_beach, m_outside));
        m_downloads = m_fx.path(u"drafts/media"_s);
    }

    void init()
    {
        m_bin = std::make_unique<MediaBinWidget>(m_fx.service(), m_downloads);
        m_bin->resize(600, 700);
        m_bin->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_bin.get()));
    }

    void cleanup() { m_bin.reset(); }

    void importFilesShowsProbingThenFactsAndThumbnails()
    {
        QCOMPARE(m_bin->importFiles({m_beach, m_tone, m_photo}), 3);
        QCOMPARE(model()->rowCount(), 3);
        for (int row = 0; row < 3; ++row) { // answers come through the event loop
            const QModelIndex index = model()->index(row, 0);
            QCOMPARE(State(index.data(MediaBinModel::StateRole).toInt()), State::Probing);
            QVERIFY(index.data().toString().contains(u"Probing…"_s));
        }
        waitSettled(3);

        const QModelIndex beach = indexOf(model(), u"beach.mp4"_s);
        QCOMPARE(State(beach.data(MediaBinModel::StateRole).toInt()), State::Ready);
        const QString facts = beach.data(MediaBinModel::FactsRole).toString();
        for (const QString &fact : {u"0:02"_s, u"320×240"_s, u"25 fps"_s, u"h264"_s})
            QVERIFY2(facts.contains(fact), qPrintable(facts));
        QVERIFY(beach.data().toString().contains(facts)); // the item's second line
        QCOMPARE(beach.data(MediaBinModel::KindRole).toString(), u"video"_s);
        QVERIFY(beach.data(Qt::ToolTipRole).toString().contains(QDir::toNativeSeparators(m_beach)));

        const QModelIndex tone = indexOf(model(), u"tone.wav"_s);
        QCOMPARE(tone.data(MediaBinModel::KindRole).toString(), u"audio"_s);
        QVERIFY(tone.data(MediaBinModel::FactsRole).toString().startsWith(u"0:01"_s));
        QVERIFY(!tone.data(Qt::DecorationRole).value<QIcon>().isNull());

        const QModelIndex photo = indexOf(model(), u"photo.png"_s);
        QCOMPARE(photo.data(MediaBinModel::KindRole).toString(), u"image"_s);
        QVERIFY(photo.data(MediaBinModel::FactsRole).toString().contains(u"160×120"_s));

        // Thumbnails arrive after the facts, 90 px high.
        for (const QModelIndex &index : {beach, photo}) {
            QTRY_VERIFY_WITH_TIMEOUT(
                !index.data(MediaBinModel::ThumbnailRole).value<QImage>().isNull(), 20'000);
            QCOMPARE(index.data(MediaBinModel::ThumbnailRole).value<QImage>().height(), 90);
        }
        QCOMPARE(beach.data(MediaBinModel::ThumbnailRole).value<QImage>().width(), 120);
        QVERIFY(tone.data(MediaBinModel::ThumbnailRole).value<QImage>().isNull());
        // The view shows every item.
        QCOMPARE(m_bin->view()->model()->rowCount(), 3);
        // For a look by hand: CUTPILOT_MEDIABIN_SCREENSHOT=/tmp/bin.png
        if (const QString shot = qEnvironmentVariable("CUTPILOT_MEDIABIN_SCREENSHOT");
            !shot.isEmpty())
            QVERIFY(m_bin->grab().save(shot));
    }

    void dropOfFileUrlsImportsFilesAndFolders()
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_beach),
                      QUrl::fromLocalFile(QDir(m_fx.mediaDir()).filePath(u"sub"_s))});
        const QPoint at = viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &move);
        QVERIFY(move.isAccepted());
        QSignalSpy folder(m_bin.get(), &MediaBinWidget::folderImported);
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(drop.dropAction(), Qt::CopyAction);

        QVERIFY(folder.wait(10'000)); // the folder is scanned in the background
        QCOMPARE(folder.at(0).at(1).toInt(), 1);
        waitSettled(2);
        QCOMPARE(names(proxy()), (QStringList{u"beach.mp4"_s, u"nested.mp4"_s}));
        QCOMPARE(item(u"nested.mp4"_s).state, State::Ready); // found recursively; readme skipped

        // The same file again: not imported twice.
        QDragEnterEvent enterAgain(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &enterAgain);
        QVERIFY(enterAgain.isAccepted());
        QDropEvent again(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &again);
        QVERIFY(again.isAccepted());
        QVERIFY(folder.wait(10'000));
        QCOMPARE(model()->rowCount(), 2);
        QCOMPARE(folder.at(1).at(1).toInt(), 0);
        QCOMPARE(m_bin->importFiles({m_beach}), 0);
        QVERIFY(m_bin->statusMessage().contains(u"already in the bin"_s));

        // Something that is not a URL list is refused.
        QMimeData text;
        text.setText(u"hello"_s);
        QDragEnterEvent refused(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &refused);
        QVERIFY(!refused.isAccepted());
    }

    void failuresShowOnTheItemAndCanBeRetriedOrRemoved()
    {
        const QString broken = QDir(m_fx.mediaDir()).filePath(u"broken-copy.mp4"_s);
        QVERIFY(QFile::copy(m_broken, broken));
        const QString missing = QDir(m_fx.mediaDir()).filePath(u"missing.mp4"_s);
        QCOMPARE(m_bin->importFiles({broken, m_outside, missing}), 3);
        waitSettled(3);
        for (const QString &name : {u"broken-copy.mp4"_s, u"outside.mp4"_s, u"missing.mp4"_s}) {
            const QModelIndex index = indexOf(model(), name);
            QCOMPARE(State(index.data(MediaBinModel::StateRole).toInt()), State::Failed);
            const QString error = index.data(MediaBinModel::ErrorRole).toString();
            QVERIFY2(!error.isEmpty(), qPrintable(name));
            QVERIFY(index.data().toString().contains(error));                 // the text line
            QVERIFY(index.data(Qt::ToolTipRole).toString().contains(error));  // the tooltip
            QVERIFY(!index.data(Qt::DecorationRole).value<QIcon>().isNull()); // the icon
            QVERIFY(!(index.flags() & Qt::ItemIsDragEnabled));
        }
        const QString outsideError
            = indexOf(model(), u"outside.mp4"_s).data(MediaBinModel::ErrorRole).toString();
        QVERIFY2(outsideError.contains(u"outside the allowed folders"_s), qPrintable(outsideError));
        QVERIFY(indexOf(model(), u"missing.mp4"_s)
                    .data(MediaBinModel::ErrorRole)
                    .toString()
                    .contains(u"missing.mp4"_s));

        // Fix the file, select the item, press Retry.
        QVERIFY(QFile::remove(broken));
        QVERIFY(QFile::copy(m_city, broken));
        clickItem(u"broken-copy.mp4"_s);
        auto *retry = m_bin->findChild<QToolButton *>(u"mediaBinRetry"_s);
        QVERIFY(retry && retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(item(u"broken-copy.mp4"_s).state, State::Ready, 20'000);
        QCOMPARE(item(u"broken-copy.mp4"_s).info.durationUs > 2'900'000, true);
        QVERIFY(item(u"broken-copy.mp4"_s).error.isEmpty());

        // Select the outside item and press Delete: it goes, the others stay.
        clickItem(u"outside.mp4"_s);
        QTest::keyClick(m_bin->view(), Qt::Key_Delete);
        QCOMPARE(model()->rowCount(), 2);
        QVERIFY(!indexOf(model(), u"outside.mp4"_s).isValid());
        // The Remove button does the same.
        clickItem(u"missing.mp4"_s);
        QTest::mouseClick(m_bin->findChild<QToolButton *>(u"mediaBinRemove"_s), Qt::LeftButton);
        QCOMPARE(names(model()), QStringList{u"broken-copy.mp4"_s});
    }

    void searchFiltersByName()
    {
        m_bin->importFiles({m_beach, m_city, m_tone});
        waitSettled(3);
        auto *search = m_bin->findChild<QLineEdit *>(u"mediaBinSearch"_s);
        QVERIFY(search);
        QTest::mouseClick(search, Qt::LeftButton);
        QTest::keyClicks(search, u"CI"_s);
        QCOMPARE(names(proxy()), QStringList{u"city.mp4"_s});
        QCOMPARE(m_bin->view()->model()->rowCount(), 1);
        QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(search, u".mp4"_s);
        QCOMPARE(names(proxy()), (QStringList{u"beach.mp4"_s, u"city.mp4"_s}));
        QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(search, Qt::Key_Backspace);
        QCOMPARE(proxy()->rowCount(), 3);
        QTest::keyClicks(search, u"nothing"_s);
        QCOMPARE(proxy()->rowCount(), 0);
        QCOMPARE(model()->rowCount(), 3); // filtered, not removed
    }

    void sortOrders()
    {
        // Added one after another: photo, tone, city, beach.
        for (const QString &path : {m_photo, m_tone, m_city, m_beach}) {
            m_bin->importFiles({path});
            QTest::qWait(15);
        }
        waitSettled(4);
        auto *sort = m_bin->findChild<QComboBox *>(u"mediaBinSort"_s);
        auto *order = m_bin->findChild<QToolButton *>(u"mediaBinSortOrder"_s);
        QVERIFY(sort && order);
        QCOMPARE(names(proxy()), (QStringList{u"beach.mp4"_s, u"city.mp4"_s, u"photo.png"_s,
                                              u"tone.wav"_s})); // by name
        sort->setFocus();
        QTest::keyClick(sort, Qt::Key_Down);
        QCOMPARE(m_bin->sortKey(), MediaBinWidget::SortKey::Duration);
        QCOMPARE(names(proxy()),
                 (QStringList{u"photo.png"_s, u"tone.wav"_s, u"beach.mp4"_s, u"city.mp4"_s}));
        QTest::mouseClick(order, Qt::LeftButton); // descending
        QCOMPARE(names(proxy()),
                 (QStringList{u"city.mp4"_s, u"beach.mp4"_s, u"tone.wav"_s, u"photo.png"_s}));
        QTest::keyClick(sort, Qt::Key_Down);
        QCOMPARE(m_bin->sortKey(), MediaBinWidget::SortKey::DateAdded);
        QCOMPARE(names(proxy()),
                 (QStringList{u"beach.mp4"_s, u"city.mp4"_s, u"tone.wav"_s, u"photo.png"_s}));
        QTest::mouseClick(order, Qt::LeftButton); // ascending
        QCOMPARE(names(proxy()),
                 (QStringList{u"photo.png"_s, u"tone.wav"_s, u"city.mp4"_s, u"beach.mp4"_s}));
        QTest::keyClick(sort, Qt::Key_Down);
        QCOMPARE(m_bin->sortKey(), MediaBinWidget::SortKey::Kind);
        QCOMPARE(names(proxy()), (QStringList{u"tone.wav"_s, u"photo.png"_s, u"beach.mp4"_s,
                                              u"city.mp4"_s})); // audio, image, video (by name)
        QTest::keyClick(sort, Qt::Key_Home);
        QCOMPARE(m_bin->sortKey(), MediaBinWidget::SortKey::Name);
        // A new item lands in its sorted place.
        m_bin->importFiles({m_nested});
        waitSettled(5);
        QCOMPARE(names(proxy()), (QStringList{u"beach.mp4"_s, u"city.mp4"_s, u"nested.mp4"_s,
                                              u"photo.png"_s, u"tone.wav"_s}));
    }

    void dragCarriesTheTimelinePayload()
    {
        m_bin->importFiles({m_beach, m_photo, m_tone, m_broken});
        waitSettled(4);
        QVERIFY(m_bin->view()->dragEnabled());
        // Icon mode and back: still a drag source and a drop target.
        auto *iconMode = m_bin->findChild<QToolButton *>(u"mediaBinViewMode"_s);
        QTest::mouseClick(iconMode, Qt::LeftButton);
        QCOMPARE(m_bin->view()->viewMode(), QListView::IconMode);
        QVERIFY(m_bin->view()->dragEnabled() && viewport()->acceptDrops());
        QTest::mouseClick(iconMode, Qt::LeftButton);
        QCOMPARE(m_bin->view()->viewMode(), QListView::ListMode);
        QVERIFY(m_bin->view()->dragEnabled() && viewport()->acceptDrops());
        QVERIFY(model()->mimeTypes().contains(MediaMimeType));
        // Select all four with the mouse (Ctrl+click), the broken one included.
        clickItem(u"beach.mp4"_s);
        clickItem(u"broken.mp4"_s, Qt::ControlModifier);
        clickItem(u"photo.png"_s, Qt::ControlModifier);
        clickItem(u"tone.wav"_s, Qt::ControlModifier);
        const QModelIndexList selected = m_bin->view()->selectionModel()->selectedIndexes();
        QCOMPARE(selected.size(), 4);
        QVERIFY(!(indexOf(proxy(), u"broken.mp4"_s).flags() & Qt::ItemIsDragEnabled));
        QVERIFY(indexOf(proxy(), u"beach.mp4"_s).flags() & Qt::ItemIsDragEnabled);

        // What QAbstractItemView::startDrag hands to QDrag: the model's mimeData of the
        // selection (through the sort/filter proxy).
        std::unique_ptr<QMimeData> mime(m_bin->view()->model()->mimeData(selected));
        QVERIFY(mime);
        QVERIFY(mime->hasFormat(MediaMimeType));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(mime->data(MediaMimeType), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(document.isArray());
        const QJsonArray items = document.array();
        QCOMPARE(items.size(), 3); // the broken item is not dragged
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue &value : items) {
            const QJsonObject object = value.toObject();
            QStringList keys = object.keys();
            keys.sort();
            QCOMPARE(keys, (QStringList{u"durationUs"_s, u"fps"_s, u"height"_s, u"kind"_s,
                                        u"name"_s, u"path"_s, u"width"_s}));
            byName.insert(object.value(u"name"_s).toString(), object);
        }
        const QJsonObject beach = byName.value(u"beach.mp4"_s);
        QCOMPARE(beach.value(u"path"_s).toString(), QDir::toNativeSeparators(m_beach));
        QCOMPARE(beach.value(u"kind"_s).toString(), u"video"_s);
        QCOMPARE(beach.value(u"durationUs"_s).toInteger(),
                 MediaFixtures::ffprobeDurationUs(m_beach));
        QCOMPARE(beach.value(u"width"_s).toInt(), 320);
        QCOMPARE(beach.value(u"height"_s).toInt(), 240);
        QCOMPARE(beach.value(u"fps"_s).toDouble(), 25.0);
        const QJsonObject photo = byName.value(u"photo.png"_s);
        QCOMPARE(photo.value(u"kind"_s).toString(), u"photo"_s);
        QCOMPARE(photo.value(u"durationUs"_s).toInteger(), 0);
        QCOMPARE(photo.value(u"width"_s).toInt(), 160);
        QCOMPARE(photo.value(u"height"_s).toInt(), 120);
        QCOMPARE(photo.value(u"fps"_s).toDouble(), 0.0);
        const QJsonObject tone = byName.value(u"tone.wav"_s);
        QCOMPARE(tone.value(u"kind"_s).toString(), u"audio"_s);
        QVERIFY(std::abs(tone.value(u"durationUs"_s).toInteger() - 1'000'000) < 50'000);
        QCOMPARE(tone.value(u"width"_s).toInt(), 0);
        QCOMPARE(tone.value(u"height"_s).toInt(), 0);
        // Other applications get file URLs.
        QCOMPARE(mime->urls().size(), 3);
        QVERIFY(mime->urls().contains(QUrl::fromLocalFile(m_beach)));
        QVERIFY(!mime->urls().contains(QUrl::fromLocalFile(m_broken)));

        // Only the broken item: nothing to drag.
        std::unique_ptr<QMimeData> none(
            m_bin->view()->model()->mimeData({indexOf(proxy(), u"broken.mp4"_s)}));
        QVERIFY(!none);
    }

    void urlImportShowsProgressThenProbes()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route slow;
        slow.mode = FaultServer::Mode::Slow;
        slow.body = readAll(m_city);
        slow.contentType = "video/mp4";
        slow.chunkSize = 2048; // about half a second: several throttled progress reports
        slow.intervalMs = 20;
        server.setRoute("/clips/city.mp4", slow);
        const QUrl url = server.url(u"/clips/city.mp4"_s);

        QList<int> progress;
        QStringList lines;
        connect(model(), &QAbstractItemModel::dataChanged, this, [&](const QModelIndex &from) {
            if (State(from.data(MediaBinModel::StateRole).toInt()) != State::Downloading)
                return;
            progress.append(from.data(MediaBinModel::ProgressRole).toInt());
            lines.append(from.data().toString());
        });
        auto *edit = m_bin->findChild<QLineEdit *>(u"mediaBinUrl"_s);
        QVERIFY(edit);
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClicks(edit, url.toString());
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 1);
        QVERIFY(edit->text().isEmpty());
        QCOMPARE(item(u"city.mp4"_s).state, State::Downloading);
        QCOMPARE(item(u"city.mp4"_s).url, url);

        QTRY_COMPARE_WITH_TIMEOUT(item(u"city.mp4"_s).state, State::Ready, 30'000);
        const auto partial = std::find_if(progress.cbegin(), progress.cend(),
                                          [](int p) { return p > 0 && p < 100; });
        QVERIFY2(partial != progress.cend(), "progress was shown on the item while downloading");
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QString &line) {
            return line.contains(u"Downloading…"_s) && line.contains(u'%');
        }));
        // A copy in the media folder (drafts use this path), not the cache's object: the cache
        // holds no pin for it and may evict its own copy.
        const MediaBinItem &city = item(u"city.mp4"_s);
        QCOMPARE(QFileInfo(city.path).absolutePath(), QDir(m_downloads).absolutePath());
        QVERIFY(!city.path.startsWith(m_fx.cache().root()));
        QCOMPARE(QFileInfo(city.path).suffix(), u"mp4"_s);
        const QString sha256 = QFileInfo(city.path).completeBaseName();
        QVERIFY2(m_fx.cache().contains(sha256), qPrintable(sha256)); // named by the cache object
        QVERIFY(!m_fx.cache().isPinned(sha256));
        QCOMPARE(readAll(city.path), slow.body);
        QCOMPARE(city.info.width, 320);
        QVERIFY(indexOf(model(), u"city.mp4"_s).flags() & Qt::ItemIsDragEnabled);
        QTRY_VERIFY_WITH_TIMEOUT(!item(u"city.mp4"_s).thumbnail.isNull(), 20'000);

        // The same URL again is not added twice.
        QVERIFY(!m_bin->importUrl(url));
        QCOMPARE(model()->rowCount(), 1);
    }

    void failingUrlsShowTheirError()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route missing;
        missing.mode = FaultServer::Mode::Status;
        missing.status = 404;
        missing.body = "gone";
        server.setRoute("/missing.mp4", missing);
        FaultServer::Route fake;
        fake.body = "just text, not a video";
        server.setRoute("/fake.mp4", fake);

        QVERIFY(m_bin->importUrl(server.url(u"/missing.mp4"_s)));
        QVERIFY(m_bin->importUrl(server.url(u"/fake.mp4"_s)));
        waitSettled(2);
        for (const QString &name : {u"missing.mp4"_s, u"fake.mp4"_s}) {
            const QModelIndex index = indexOf(model(), name);
            QCOMPARE(State(index.data(MediaBinModel::StateRole).toInt()), State::Failed);
            const QString error = index.data(MediaBinModel::ErrorRole).toString();
            QVERIFY2(error.startsWith(u"Download failed"_s), qPrintable(error));
            QVERIFY(index.data().toString().contains(error));
        }
        QVERIFY(indexOf(model(), u"missing.mp4"_s)
                    .data(MediaBinModel::ErrorRole)
                    .toString()
                    .contains(u"404"_s));

        // Not an http(s) URL: refused, the text stays to be corrected.
        auto *edit = m_bin->findChild<QLineEdit *>(u"mediaBinUrl"_s);
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClicks(edit, u"ftp://example.com/a.mp4"_s);
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(model()->rowCount(), 2);
        QCOMPARE(edit->text(), u"ftp://example.com/a.mp4"_s);
        QVERIFY(m_bin->statusMessage().contains(u"ftp://example.com/a.mp4"_s));
    }

    void saveAndRestoreRoundTrip()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route clip;
        clip.body = readAll(m_beach);
        server.setRoute("/web/beach-web.mp4", clip);
        const QString gone = QDir(m_fx.mediaDir()).filePath(u"gone.wav"_s);
        QVERIFY(QFile::copy(m_tone, gone));

        m_bin->importFiles({m_city, m_tone, gone});
        QVERIFY(m_bin->importUrl(server.url(u"/web/beach-web.mp4"_s)));
        waitSettled(4);
        const QString list = m_fx.path(u"bin.json"_s);
        QVERIFY(m_bin->saveState(list));
        const QJsonObject saved = QJsonDocument::fromJson(readAll(list)).object();
        QCOMPARE(saved.value(u"items"_s).toArray().size(), 4);

        QList<MediaBinItem> before;
        for (int row = 0; row < model()->rowCount(); ++row)
            before.append(model()->item(row));
        m_bin.reset();
        QVERIFY(QFile::remove(gone)); // vanished while CutPilot was closed

        init();
        QVERIFY(m_bin->restoreState(list));
        QCOMPARE(model()->rowCount(), 4);
        for (int row = 0; row < 4; ++row) // probed again, not taken from the file
            QVERIFY(model()->item(row).state != State::Ready);
        waitSettled(4);
        for (int row = 0; row < 4; ++row) {
            const MediaBinItem &restored = model()->item(row);
            QCOMPARE(restored.path, before[row].path);
            QCOMPARE(restored.name, before[row].name);
            QCOMPARE(restored.url, before[row].url);
            QCOMPARE(restored.added, before[row].added);
            if (restored.name == u"gone.wav"_s) {
                QCOMPARE(restored.state, State::Failed);
                QVERIFY2(restored.error.contains(u"gone.wav"_s), qPrintable(restored.error));
            } else {
                QCOMPARE(restored.state, State::Ready);
                QCOMPARE(restored.info, before[row].info);
            }
        }
        QCOMPARE(server.requestCount("/web/beach-web.mp4"), 1); // the downloaded copy was reused
        const MediaBinItem &web = model()->item(indexOf(model(), u"beach-web.mp4"_s).row());
        QCOMPARE(QFileInfo(web.path).absolutePath(), QDir(m_downloads).absolutePath());
        QVERIFY(!m_fx.cache().isPinned(QFileInfo(web.path).completeBaseName()));

        // Restoring again adds nothing twice; a damaged list is refused and changes nothing.
        QVERIFY(m_bin->restoreState(list));
        QCOMPARE(model()->rowCount(), 4);
        const QString damaged = m_fx.path(u"damaged.json"_s);
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"version\": 1, \"items\": [");
        file.close();
        const Core::Result<> refused = m_bin->restoreState(damaged);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().contains(u"damaged.json"_s),
                 qPrintable(refused.error().message()));
        QCOMPARE(model()->rowCount(), 4);
        QVERIFY(m_bin->restoreState(m_fx.path(u"no-such-list.json"_s))); // first start: empty
        QCOMPARE(model()->rowCount(), 4);
    }
};

QTEST_MAIN(tst_MediaBin)
#include "tst_mediabin.moc"
