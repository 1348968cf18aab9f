// SPDX-License-Identifier: MIT
#include "traycontroller.h"

#include "alert.h"
#include "budgetmonitor.h"
#include "displayformat.h"
#include "trayalertsink.h"

#include <algorithm>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>
#include <QWidget>

namespace {
// The resources hold no application icon yet: a gauge drawn at the sizes trays ask for.
QIcon drawIcon()
{
    QIcon icon;
    for (const int size : { 16, 22, 32, 48, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal pen = std::max(1.5, size / 10.0);
        const QRectF face(pen, pen, size - 2 * pen, size - 2 * pen);
        painter.setPen(QPen(QColor(0x2e, 0x7d, 0x32), pen));
        painter.setBrush(QColor(0xe8, 0xf5, 0xe9));
        painter.drawEllipse(face);
        // The needle points up and to the right, at about two thirds of the scale.
        painter.setPen(QPen(QColor(0x1b, 0x1b, 0x1b), pen, Qt::SolidLine, Qt::RoundCap));
        const QPointF centre = face.center();
        painter.drawLine(centre, centre + QPointF(face.width() * 0.3, -face.height() * 0.25));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}
} // namespace

TrayController::TrayController(BudgetMonitor& monitor, QWidget* window, QObject* parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_window(window)
    , m_icon(new QSystemTrayIcon(drawIcon(), this))
    , m_menu(std::make_unique<QMenu>())
{
    m_menu->addAction(tr("Open AgentMeter"), this, &TrayController::showWindow);
    m_pause = m_menu->addAction(tr("Pause alerts"));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, this, &TrayController::updateToolTip);
    m_pause->setToolTip(tr("No notification balloons; alerts still go to the log and the API"));
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &TrayController::quitRequested);
    m_icon->setContextMenu(m_menu.get());
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    connect(&m_monitor, &BudgetMonitor::statusChanged, this, &TrayController::updateToolTip);
    updateToolTip();
}

TrayController::~TrayController() = default;

bool TrayController::show()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_icon->show();
    return isShown();
}

bool TrayController::isShown() const
{
    return m_icon->isVisible();
}

QString TrayController::toolTip() const
{
    return m_icon->toolTip();
}

std::unique_ptr<AlertSink> TrayController::createAlertSink() const
{
    return std::make_unique<TrayAlertSink>(m_icon, m_pause);
}

void TrayController::updateToolTip()
{
    if (!m_monitor.hasEvaluated()) {
        m_icon->setToolTip(tr("AgentMeter"));
        return;
    }
    QString text = tr("AgentMeter - today %1").arg(DisplayFormat::money(m_monitor.todayCost()));
    const auto& statuses = m_monitor.statuses();
    const auto nearest = std::max_element(statuses.cbegin(), statuses.cend(),
        [](const BudgetEvaluator::Status& a, const BudgetEvaluator::Status& b) {
            return a.fraction < b.fraction;
        });
    if (nearest != statuses.cend()) {
        text += QLatin1Char('\n')
            + tr("%1: %2 of %3 (%4)")
                  .arg(Alert::budgetName(nearest->budget), DisplayFormat::money(nearest->spent),
                      DisplayFormat::money(nearest->budget.amount),
                      DisplayFormat::percent(nearest->fraction));
    }
    if (m_pause->isChecked())
        text += QLatin1Char('\n') + tr("Alerts paused");
    m_icon->setToolTip(text);
}

void TrayController::showWindow()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->showNormal();
    else
        m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::toggleWindow()
{
    if (m_window && m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        showWindow();
}
