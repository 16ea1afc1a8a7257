#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

#include <memory>

class QCoreApplication;
class QTranslator;

namespace CutPilot::Ui {

/// Loads and swaps the UI language at run time. The .qm files are compiled into cutpilot_ui
/// (qt_add_translations) under :/i18n/.
class Translations final
{
public:
    explicit Translations(QCoreApplication *application);
    ~Translations();

    /// "system" follows the system locale; "zh_CN" and "en" pick one. Returns the language
    /// actually installed ("en" when nothing better exists).
    QString apply(const QString &language);
    static QStringList available(); ///< e.g. {"en", "zh_CN"}

private:
    QCoreApplication *m_application;
    std::unique_ptr<QTranslator> m_translator;
};

} // namespace CutPilot::Ui
