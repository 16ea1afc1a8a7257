// ApiTokenStore: the API token in the real OS keychain (gnome-keyring on the test session's D-Bus,
// unlocked by tools/test-session.sh), the 0600 fallback file when the keychain is off or broken,
// and the environment override.

#include "core/support/apitokenstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

bool waitReady(ApiTokenStore &store)
{
    QSignalSpy ready(&store, &ApiTokenStore::ready);
    return ready.count() > 0 || ready.wait(15'000);
}

} // namespace

class tst_ApiTokenStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    /// A keychain service of this run only, so parallel tests never share an entry.
    const QString m_service
        = u"CutPilot-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);

private Q_SLOTS:
    void tokensAreRandomAndComparedInConstantTime()
    {
        const QString a = ApiTokenStore::generateToken();
        const QString b = ApiTokenStore::generateToken();
        QCOMPARE(a.size(), 43);
        QVERIFY(a != b);
        QVERIFY(ApiTokenStore::equals("secret-token", "secret-token"));
        QVERIFY(!ApiTokenStore::equals("secret-token", "secret-tokeN"));
        QVERIFY(!ApiTokenStore::equals("secret-token", "secret-token-longer"));
        QVERIFY(!ApiTokenStore::equals("", ""));
    }

    void environmentWinsAndIsNeverStored()
    {
        ApiTokenStore store(
            {m_dir.filePath(u"env"_s), u"from-the-environment-123"_s, m_service, 5000, false});
        store.load();
        QVERIFY(waitReady(store));
        QCOMPARE(store.token(), u"from-the-environment-123"_s);
        QCOMPARE(store.source(), ApiTokenStore::Source::Environment);
        QVERIFY(!QFile::exists(store.fallbackFile()));
    }

    void keychainKeepsTheTokenAcrossStarts()
    {
        if (qEnvironmentVariable("CUTPILOT_TEST_KEYRING") != u"1"_s)
            QSKIP("no unlocked keyring on this session bus (./cutpilot.sh test provides one)");
        const QString data = m_dir.filePath(u"kc"_s);
        QString first;
        {
            ApiTokenStore store({data, {}, m_service, 10'000, true});
            store.load();
            QVERIFY(waitReady(store));
            QCOMPARE(store.source(), ApiTokenStore::Source::Keychain);
            QVERIFY(store.warning().isEmpty());
            first = store.token();
            QVERIFY(!QFile::exists(store.fallbackFile())); // never on disk when the keychain works
        }
        ApiTokenStore again({data, {}, m_service, 10'000, true});
        again.load();
        QVERIFY(waitReady(again));
        QCOMPARE(again.token(), first);

        QSignalSpy ready(&again, &ApiTokenStore::ready);
        again.regenerate();
        QVERIFY(ready.wait(10'000));
        QVERIFY(again.token() != first);
        ApiTokenStore third({data, {}, m_service, 10'000, true});
        third.load();
        QVERIFY(waitReady(third));
        QCOMPARE(third.token(), again.token());
        // Another data folder is another CutPilot: another token.
        ApiTokenStore other({m_dir.filePath(u"kc2"_s), {}, m_service, 10'000, true});
        other.load();
        QVERIFY(waitReady(other));
        QVERIFY(other.token() != third.token());
    }

    void fallbackFileIsPrivateAndWarned()
    {
        const QString data = m_dir.filePath(u"file"_s);
        QString first;
        {
            ApiTokenStore store({data, {}, m_service, 5000, false});
            store.load();
            QVERIFY(waitReady(store));
            QCOMPARE(store.source(), ApiTokenStore::Source::File);
            QVERIFY(store.warning().contains(u"not in the OS keychain"_s));
            QVERIFY(store.warning().contains(u"api-token"_s));
            first = store.token();
            QFile file(store.fallbackFile());
            QVERIFY(file.exists());
            QCOMPARE(file.permissions()
                         & (QFileDevice::ReadGroup | QFileDevice::ReadOther
                            | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                     QFileDevice::Permissions());
        }
        ApiTokenStore again({data, {}, m_service, 5000, false});
        again.load();
        QVERIFY(waitReady(again));
        QCOMPARE(again.token(), first);
        again.regenerate();
        QVERIFY(again.token() != first);

        // A damaged file gets a new token rather than an unusable one.
        QFile damaged(again.fallbackFile());
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("x\n");
        damaged.close();
        ApiTokenStore third({data, {}, m_service, 5000, false});
        third.load();
        QVERIFY(waitReady(third));
        QVERIFY(third.token().size() == 43);
    }
};

QTEST_GUILESS_MAIN(tst_ApiTokenStore)
#include "tst_apitokenstore.moc"
