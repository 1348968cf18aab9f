// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>
#include <QStringList>

// The window's language: AgentMeter's own translations (compiled in as :/i18n/agentmeter_<lang>.qm) and
// Qt's (qtbase_<lang>.qm, for the standard buttons and dialogs), chosen by the Language setting.
class TranslationLoader
{
public:
    // "en", "de": that language; empty (or unknown): the system's.
    static QLocale locale(const QString& language);
    // Installs the translators for locale on the application. A language without a .qm file stays in
    // English (the source strings). Returns the files loaded.
    static QStringList install(const QLocale& locale);
};
