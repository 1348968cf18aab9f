// SPDX-License-Identifier: MIT
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

// The window's persistent settings (QSettings: ~/.config/agentmeter/agentmeter.ini), typed. The command
// line does not read them: its options and environment variables are explicit. Each getter returns the
// default when the key was never written.
class AppSettings
{
public:
    AppSettings(); // the user's settings file
    explicit AppSettings(const QString& iniPath); // tests: a file of their own

    // Sources: a source can be switched off, and its roots replaced (empty list = detected defaults).
    bool sourceEnabled(const QString& source) const;
    void setSourceEnabled(const QString& source, bool enabled);
    QStringList sourceRoots(const QString& source) const;
    void setSourceRoots(const QString& source, const QStringList& roots);

    // Store: empty = the default database (AGENTMETER_DB, else the data directory).
    QString databasePath() const;
    void setDatabasePath(const QString& path);

    // The embedded API server.
    bool apiEnabled() const; // default true
    void setApiEnabled(bool enabled);
    QString apiBind() const; // default 127.0.0.1
    void setApiBind(const QString& address);
    int apiPort() const; // default 8765
    void setApiPort(int port);
    QString apiToken() const; // default empty
    void setApiToken(const QString& token);

    // Pricing.
    QString costMode() const; // auto (default), calculate, display
    void setCostMode(const QString& mode);
    QString priceOverridesPath() const; // empty = none
    void setPriceOverridesPath(const QString& path);

    // Empty = the system time zone; else an IANA id.
    QString timeZone() const;
    void setTimeZone(const QString& ianaId);

    // Privacy: store prompt and message text (default true); false is the CLI's --no-content.
    bool storeContent() const;
    void setStoreContent(bool store);

    // Window.
    bool closeToTray() const; // default true: closing the window keeps the tray icon running
    void setCloseToTray(bool enabled);
    QString language() const; // empty = the system locale; else "en", "de"
    void setLanguage(const QString& language);

    QSettings& raw() { return m_settings; } // for groups other classes own (budgets, window geometry)
    void sync() { m_settings.sync(); }

private:
    QSettings m_settings;
};
