#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QTranslator>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

Translations::Translations(QCoreApplication *application)
    : m_application(application)
{
}

Translations::~Translations()
{
    if (m_translator)
        m_application->removeTranslator(m_translator.get());
}

QStringList Translations::available()
{
    QStringList languages;
    const QStringList files = QDir(u":/i18n"_s).entryList({u"cutpilot_*.qm"_s}, QDir::Files);
    for (const QString &file : files)
        languages.append(file.mid(9, file.size() - 9 - 3)); // "cutpilot_" ... ".qm"
    return languages;
}

QString Translations::apply(const QString &language)
{
    auto translator = std::make_unique<QTranslator>();
    bool loaded = false;
    if (language == u"system") {
        loaded = translator->load(QLocale::system(), u"cutpilot"_s, u"_"_s, u":/i18n"_s);
    } else {
        loaded = translator->load(u"cutpilot_"_s + language, u":/i18n"_s);
    }
    if (m_translator) {
        m_application->removeTranslator(m_translator.get());
        m_translator.reset();
    }
    if (!loaded)
        return u"en"_s;
    const QString installed = translator->language();
    m_application->installTranslator(translator.get());
    m_translator = std::move(translator);
    return installed.isEmpty() ? language : installed;
}

} // namespace CutPilot::Ui
