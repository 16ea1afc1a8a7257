#pragma once

// Media the tests generate at run time with the ffmpeg command (installed by ./cutpilot.sh test):
// nothing binary is checked in, and every fact a test asserts is fixed by the command line here.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace CutPilot::Test {

class MediaFixtures
{
public:
    explicit MediaFixtures(QString dir)
        : m_dir(std::move(dir))
    {
    }

    static bool haveFfmpeg()
    {
        return !QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty();
    }

    /// Runs `ffmpeg -y -loglevel error <args> <dir>/<name>` once; returns the path ("" on failure).
    QString make(const QString &name, const QStringList &args)
    {
        const QString out = QDir(m_dir).filePath(name);
        if (QFile::exists(out))
            return out;
        QProcess ffmpeg;
        ffmpeg.start(
            QStringLiteral("ffmpeg"),
            QStringList{QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error")}
                + args + QStringList{out});
        if (!ffmpeg.waitForFinished(60'000) || ffmpeg.exitCode() != 0) {
            m_lastError = QString::fromLocal8Bit(ffmpeg.readAllStandardError());
            QFile::remove(out);
            return QString();
        }
        return out;
    }

    /// `source` (an MP4) with a display matrix of 90° counter-clockwise (ffprobe "rotation=90"),
    /// the stream copied. FFmpeg 6+ sets it with the input option -display_rotation (7 no longer
    /// has the mov muxer's rotate metadata); FFmpeg 5 (Debian 12) only with that metadata.
    QString makeRotated90(const QString &name, const QString &source)
    {
        const QString rotated = make(name, {QStringLiteral("-display_rotation"),
                                            QStringLiteral("90"), QStringLiteral("-i"), source,
                                            QStringLiteral("-c"), QStringLiteral("copy")});
        if (!rotated.isEmpty())
            return rotated;
        return make(name,
                    {QStringLiteral("-i"), source, QStringLiteral("-c"), QStringLiteral("copy"),
                     QStringLiteral("-metadata:s:v"), QStringLiteral("rotate=90")});
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString out = QDir(m_dir).filePath(name);
        QFile file(out);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return QString();
        return out;
    }

    /// ffprobe's format.duration in µs (it prints 6 decimals), for "same as ffprobe" assertions.
    static qint64 ffprobeDurationUs(const QString &path)
    {
        QProcess ffprobe;
        ffprobe.start(QStringLiteral("ffprobe"),
                      {QStringLiteral("-v"), QStringLiteral("error"),
                       QStringLiteral("-show_format"), QStringLiteral("-of"),
                       QStringLiteral("json"), path});
        if (!ffprobe.waitForFinished(30'000))
            return -1;
        const QJsonObject format = QJsonDocument::fromJson(ffprobe.readAllStandardOutput())
                                       .object()
                                       .value(QStringLiteral("format"))
                                       .toObject();
        return qint64(
            std::llround(format.value(QStringLiteral("duration")).toString().toDouble() * 1e6));
    }

    QString lastError() const { return m_lastError; }

private:
    QString m_dir;
    QString m_lastError;
};

} // namespace CutPilot::Test
