#pragma once

// Private to core/draft/catalog: typed reading of catalog JSON with JSON-path error messages.

#include "catalogentry.h"

#include <QJsonObject>

namespace CutPilot::Core::CatalogJson {

/// "a.b" / "a[3]" path building; an empty parent yields just the key.
QString childPath(const QString &parent, QStringView key);
QString indexPath(const QString &parent, qsizetype index);

/// Reads fields of one JSON object. The first problem is kept (later reads return fallbacks), so a
/// reader can read every field and check ok() once. A missing key or null counts as absent.
class FieldReader final
{
public:
    FieldReader(const QJsonObject &object, QString path);

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    const QString &path() const { return m_path; }
    bool has(QStringView key) const;

    QString string(QStringView key, bool required = false);
    bool boolean(QStringView key, bool fallback = false);
    double number(QStringView key, double fallback = 0.0);
    /// An exact integer (durations in µs, §2.2): a fraction is an error.
    qint64 integer(QStringView key, qint64 fallback = 0);
    QString id(QStringView key, CatalogIdRule rule, bool required = false);
    QStringList stringList(QStringView key);

    /// Parameter shape of catalog files.
    struct ParamKeys
    {
        QStringView name, defaultValue, min, max;
    };
    static constexpr ParamKeys CatalogParamKeys{u"name", u"default", u"min", u"max"};
    /// Parameter instances in drafts (§8.16).
    static constexpr ParamKeys DraftParamKeys{u"name", u"default_value", u"min_value",
                                              u"max_value"};
    QList<CatalogParam> params(QStringView key, const ParamKeys &keys = CatalogParamKeys);

    /// Records a problem found by the caller (first one wins).
    void fail(const QString &key, const QString &message);

private:
    QJsonValue value(QStringView key) const;

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

} // namespace CutPilot::Core::CatalogJson
