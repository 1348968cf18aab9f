// SPDX-License-Identifier: MIT
#pragma once

#include "demo/democorpus.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

// Shown instead of the pages when there are no agent logs and nothing in the database: says where
// AgentMeter looked, and offers generated demo data (into a database of its own) or the Sources
// settings.
class FirstRunPage : public QWidget
{
    Q_OBJECT
public:
    // dataDir: where the demo corpus and the demo database go (the application data directory).
    FirstRunPage(const QStringList& rootsLookedIn, const QString& dataDir, QWidget* parent = nullptr);

    void setRootsLookedIn(const QStringList& roots);
    void setDemoSizeFactor(double factor) { m_demo.setSizeFactor(factor); } // tests: a small corpus

public Q_SLOTS:
    // Generates (or reuses) the demo logs on a worker thread, showing progress.
    void loadDemoData();

Q_SIGNALS:
    void demoDataAvailable(const DemoCorpus::Result& result);
    void demoDataFailed(const QString& error);
    void chooseFoldersRequested();

private:
    DemoCorpus m_demo;
    QLabel* m_roots = nullptr;
    QPushButton* m_loadDemo = nullptr;
    QPushButton* m_chooseFolders = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};
