#include "apitokenstore.h"

#include "log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

bool plausibleToken(const QString &token)
{
    return token.size() >= 16 && token.size() <= 512
           && std::all_of(token.begin(), token.end(),
                          [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

} // namespace

ApiTokenStore::ApiTokenStore(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

ApiTokenStore::~ApiTokenStore() = default;

QString ApiTokenStore::keychainKey() const
{
    const QByteArray folder = QDir::cleanPath(QDir(m_options.dataDir).absolutePath()).toUtf8();
    return u"api-token-"_s
           + QString::fromLatin1(
               QCryptographicHash::hash(folder, QCryptographicHash::Sha256).toHex().left(16));
}

QString ApiTokenStore::fallbackFile() const
{
    return QDir(m_options.dataDir).filePath(u"api-token"_s);
}

QString ApiTokenStore::generateToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool ApiTokenStore::equals(QByteArrayView a, QByteArrayView b)
{
    // Every byte of the longer input is looked at; the length difference is folded in.
    const qsizetype n = std::max(a.size(), b.size());
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= unsigned(x ^ y);
    }
    return diff == 0 && n > 0;
}

void ApiTokenStore::load()
{
    ++m_generation;
    if (!m_options.environmentToken.isEmpty()) {
        // Deferred like every other path, so callers can connect after load().
        QTimer::singleShot(0, this, [this] {
            m_warning.clear();
            finish(m_options.environmentToken, Source::Environment);
        });
        return;
    }
    if (!m_options.useKeychain) {
        QTimer::singleShot(0, this, [this] { useFile(u"the keychain is turned off"_s, false); });
        return;
    }
    readKeychain();
}

void ApiTokenStore::regenerate()
{
    ++m_generation;
    const QString token = generateToken();
    if (m_source == Source::Keychain || (m_source != Source::File && m_options.useKeychain)) {
        writeKeychain(token, true);
        return;
    }
    if (Result<> written = writeFile(token); !written)
        Log::get(Log::Api)->error("API token: {}", written.error().message());
    finish(token, Source::File);
}

void ApiTokenStore::readKeychain()
{
    const quint64 generation = m_generation;
    auto *job = new QKeychain::ReadPasswordJob(m_options.service, this);
    job->setKey(keychainKey());
    job->setAutoDelete(true);
    // A keychain that never answers (a locked collection waiting for a prompt nobody sees) must
    // not keep the API without a token.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, generation, timer] {
        timer->deleteLater();
        if (generation == m_generation && m_source == Source::None)
            useFile(u"the keychain did not answer within %1 ms"_s.arg(m_options.keychainTimeoutMs),
                    false);
    });
    timer->start(m_options.keychainTimeoutMs);
    connect(job, &QKeychain::Job::finished, this, [this, job, generation, timer] {
        timer->stop();
        timer->deleteLater();
        if (generation != m_generation || m_source != Source::None)
            return;
        if (job->error() == QKeychain::NoError && plausibleToken(job->textData())) {
            m_warning.clear();
            finish(job->textData(), Source::Keychain);
        } else if (job->error() == QKeychain::EntryNotFound || job->error() == QKeychain::NoError) {
            // First start (or a damaged entry): a new token, written and read back.
            writeKeychain(generateToken(), true);
        } else {
            useFile(u"the keychain is unavailable: %1"_s.arg(job->errorString()), false);
        }
    });
    job->start();
}

void ApiTokenStore::writeKeychain(const QString &token, bool thenReady)
{
    const quint64 generation = m_generation;
    auto *job = new QKeychain::WritePasswordJob(m_options.service, this);
    job->setKey(keychainKey());
    job->setTextData(token);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, job, token, generation, thenReady] {
        if (generation != m_generation)
            return;
        if (job->error() != QKeychain::NoError) {
            // toolchain.md §3: a failed write means the store is unusable, whatever a read says.
            useFile(u"the keychain refused the token: %1"_s.arg(job->errorString()), true);
            return;
        }
        QFile::remove(fallbackFile()); // a token of an earlier fallback must not linger
        m_warning.clear();
        if (thenReady)
            finish(token, Source::Keychain);
    });
    job->start();
}

void ApiTokenStore::useFile(const QString &why, bool fresh)
{
    Result<QString> existing
        = fresh ? Result<QString>(Error(ErrorCode::NotFound, QString())) : readFile();
    QString token = existing ? *existing : generateToken();
    if (!existing) {
        if (Result<> written = writeFile(token); !written)
            Log::get(Log::Api)->error("API token: {}", written.error().message());
    }
    m_warning = u"The API token is not in the OS keychain (%1); it is kept in %2, readable only by "
                "you."_s.arg(why, QDir::toNativeSeparators(fallbackFile()));
    Log::get(Log::Api)->warn("{}", m_warning.toStdString());
    finish(token, Source::File);
}

void ApiTokenStore::finish(const QString &token, Source source)
{
    m_token = token;
    m_source = source;
    Log::get(Log::Api)->info("API token ready (from the {})",
                             source == Source::Environment ? "environment"
                             : source == Source::Keychain  ? "keychain"
                                                           : "fallback file");
    Q_EMIT ready();
}

Result<QString> ApiTokenStore::readFile() const
{
    QFile file(fallbackFile());
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::NotFound, u"no token file"_s);
    const QString token = QString::fromUtf8(file.read(1024)).trimmed();
    if (!plausibleToken(token))
        return Error(ErrorCode::CorruptData, u"%1 does not hold a token"_s.arg(file.fileName()));
    return token;
}

Result<> ApiTokenStore::writeFile(const QString &token) const
{
    QDir().mkpath(m_options.dataDir);
    QSaveFile file(fallbackFile());
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::IoError,
                     u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
    // Owner-only before any byte of the secret is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(token.toUtf8() + '\n');
    if (!file.commit())
        return Error(ErrorCode::IoError,
                     u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
    QFile::setPermissions(fallbackFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

} // namespace CutPilot::Core
