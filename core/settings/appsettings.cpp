// SPDX-License-Identifier: MIT
#include "appsettings.h"

namespace {
QString sourceKey(const QString& source, const char* name)
{
    return QStringLiteral("sources/") + source + QLatin1Char('/') + QLatin1String(name);
}
} // namespace

AppSettings::AppSettings()
    : m_settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("agentmeter"), QStringLiteral("agentmeter"))
{ }

AppSettings::AppSettings(const QString& iniPath)
    : m_settings(iniPath, QSettings::IniFormat)
{ }

bool AppSettings::sourceEnabled(const QString& source) const
{
    return m_settings.value(sourceKey(source, "enabled"), true).toBool();
}

void AppSettings::setSourceEnabled(const QString& source, bool enabled)
{
    m_settings.setValue(sourceKey(source, "enabled"), enabled);
}

QStringList AppSettings::sourceRoots(const QString& source) const
{
    return m_settings.value(sourceKey(source, "roots")).toStringList();
}

void AppSettings::setSourceRoots(const QString& source, const QStringList& roots)
{
    m_settings.setValue(sourceKey(source, "roots"), roots);
}

QString AppSettings::databasePath() const
{
    return m_settings.value(QStringLiteral("store/database")).toString();
}

void AppSettings::setDatabasePath(const QString& path)
{
    m_settings.setValue(QStringLiteral("store/database"), path);
}

bool AppSettings::apiEnabled() const
{
    return m_settings.value(QStringLiteral("api/enabled"), true).toBool();
}

void AppSettings::setApiEnabled(bool enabled)
{
    m_settings.setValue(QStringLiteral("api/enabled"), enabled);
}

QString AppSettings::apiBind() const
{
    return m_settings.value(QStringLiteral("api/bind"), QStringLiteral("127.0.0.1")).toString();
}

void AppSettings::setApiBind(const QString& address)
{
    m_settings.setValue(QStringLiteral("api/bind"), address);
}

int AppSettings::apiPort() const
{
    return m_settings.value(QStringLiteral("api/port"), 8765).toInt();
}

void AppSettings::setApiPort(int port)
{
    m_settings.setValue(QStringLiteral("api/port"), port);
}

QString AppSettings::apiToken() const
{
    return m_settings.value(QStringLiteral("api/token")).toString();
}

void AppSettings::setApiToken(const QString& token)
{
    m_settings.setValue(QStringLiteral("api/token"), token);
}

QString AppSettings::costMode() const
{
    return m_settings.value(QStringLiteral("pricing/costMode"), QStringLiteral("auto")).toString();
}

void AppSettings::setCostMode(const QString& mode)
{
    m_settings.setValue(QStringLiteral("pricing/costMode"), mode);
}

QString AppSettings::priceOverridesPath() const
{
    return m_settings.value(QStringLiteral("pricing/overrides")).toString();
}

void AppSettings::setPriceOverridesPath(const QString& path)
{
    m_settings.setValue(QStringLiteral("pricing/overrides"), path);
}

QString AppSettings::timeZone() const
{
    return m_settings.value(QStringLiteral("general/timeZone")).toString();
}

void AppSettings::setTimeZone(const QString& ianaId)
{
    m_settings.setValue(QStringLiteral("general/timeZone"), ianaId);
}

bool AppSettings::storeContent() const
{
    return m_settings.value(QStringLiteral("privacy/storeContent"), true).toBool();
}

void AppSettings::setStoreContent(bool store)
{
    m_settings.setValue(QStringLiteral("privacy/storeContent"), store);
}

bool AppSettings::closeToTray() const
{
    return m_settings.value(QStringLiteral("window/closeToTray"), true).toBool();
}

void AppSettings::setCloseToTray(bool enabled)
{
    m_settings.setValue(QStringLiteral("window/closeToTray"), enabled);
}

QString AppSettings::language() const
{
    return m_settings.value(QStringLiteral("general/language")).toString();
}

void AppSettings::setLanguage(const QString& language)
{
    m_settings.setValue(QStringLiteral("general/language"), language);
}
