<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActivityModel</name>
    <message>
        <source>%1 (asked for %2)</source>
        <translation>%1 (angefordert: %2)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>Alle Agenten</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Hold new activity back until unchecked</source>
        <translation>Neue Aktivität zurückhalten, bis das Häkchen entfernt wird</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Agent:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%1 von %2 Einträgen</translation>
    </message>
    <message numerus="yes">
        <source> · paused, %n new held back</source>
        <translation>
            <numerusform> · pausiert, %n neuer Eintrag zurückgehalten</numerusform>
            <numerusform> · pausiert, %n neue Einträge zurückgehalten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgentComparisonModel</name>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
</context>
<context>
    <name>Alert</name>
    <message>
        <source>%1 of %2 spent today</source>
        <translation>Heute %1 von %2 ausgegeben</translation>
    </message>
    <message>
        <source>%1 of %2 spent this week</source>
        <translation>Diese Woche %1 von %2 ausgegeben</translation>
    </message>
    <message>
        <source>%1 of %2 spent this month</source>
        <translation>Diesen Monat %1 von %2 ausgegeben</translation>
    </message>
    <message>
        <source>At this rate you pass the %1 at %2.</source>
        <translation>Bei der aktuellen Verbrauchsrate überschreiten Sie das %1 um %2.</translation>
    </message>
    <message>
        <source>At this rate you reach %1 of the %2 at %3.</source>
        <translation>Bei der aktuellen Verbrauchsrate erreichen Sie %1 vom %2 um %3.</translation>
    </message>
    <message>
        <source>daily budget</source>
        <translation>Tagesbudget</translation>
    </message>
    <message>
        <source>weekly budget</source>
        <translation>Wochenbudget</translation>
    </message>
    <message>
        <source>monthly budget</source>
        <translation>Monatsbudget</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 für %2</translation>
    </message>
    <message>
        <source>AgentMeter: %1 at risk</source>
        <translation>AgentMeter: %1 gefährdet</translation>
    </message>
    <message>
        <source>AgentMeter: %1 of the %2 used</source>
        <translation>AgentMeter: %1 vom %2 verbraucht</translation>
    </message>
    <message>
        <source>AgentMeter: %1 reached</source>
        <translation>AgentMeter: %1 erreicht</translation>
    </message>
</context>
<context>
    <name>BudgetEditor</name>
    <message>
        <source>A notification when spending reaches the warn level, the alert level, or when at the current rate it would reach the alert level before the period ends; each once per period. A project is its path or name, an agent a source (claude, codex, opencode, openclaw, gemini) or an agent name (main, Explore, …).</source>
        <translation>Eine Benachrichtigung, wenn die Ausgaben die Warnschwelle oder die Alarmschwelle erreichen oder wenn sie bei der aktuellen Verbrauchsrate die Alarmschwelle vor Ende des Zeitraums erreichen würden; jeweils einmal pro Zeitraum. Ein Projekt wird durch seinen Pfad oder Namen angegeben, ein Agent durch eine Quelle (claude, codex, opencode, openclaw, gemini) oder einen Agentennamen (main, Explore, …).</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
    <message>
        <source>Project or agent</source>
        <translation>Projekt oder Agent</translation>
    </message>
    <message>
        <source>Warn at</source>
        <translation>Warnen bei</translation>
    </message>
    <message>
        <source>Alert at</source>
        <translation>Alarm bei</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>Budget hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>/home/me/src/shop, codex, Explore</source>
        <translation>/home/me/src/shop, codex, Explore</translation>
    </message>
</context>
<context>
    <name>CostBreakdownModel</name>
    <message>
        <source>Fresh input</source>
        <translation>Neue Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>Cache-Lesen</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
</context>
<context>
    <name>CumulativeCostModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Today so far</source>
        <translation>Heute bisher</translation>
    </message>
</context>
<context>
    <name>DailyCostModel</name>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <source>%1 tokens, %n requests</source>
        <translation>
            <numerusform>%1 Token, %n Anfrage</numerusform>
            <numerusform>%1 Token, %n Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <source>Burn rate</source>
        <translation>Verbrauchsrate</translation>
    </message>
    <message>
        <source>The cost of the requests of the last 60 minutes, per hour.</source>
        <translation>Die Kosten der Anfragen der letzten 60 Minuten, pro Stunde.</translation>
    </message>
    <message>
        <source>Month-end projection</source>
        <translation>Prognose zum Monatsende</translation>
    </message>
    <message>
        <source>This month&apos;s cost so far, plus the month&apos;s average daily cost so far (today counted as a whole day) for each day that is left.</source>
        <translation>Die bisherigen Kosten dieses Monats plus die bisherigen durchschnittlichen Tageskosten des Monats (der heutige Tag zählt als ganzer Tag) für jeden verbleibenden Tag.</translation>
    </message>
    <message>
        <source>Cache savings, 30 days</source>
        <translation>Cache-Ersparnis, 30 Tage</translation>
    </message>
    <message>
        <source>What the cache reads of the last 30 days would have cost at the fresh input price, less what they cost at the cache read price.</source>
        <translation>Was die Cache-Lesezugriffe der letzten 30 Tage zum Preis für neue Eingabe gekostet hätten, abzüglich dessen, was sie zum Preis für Cache-Lesen gekostet haben.</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>Nach Modell</translation>
    </message>
    <message>
        <source>By agent</source>
        <translation>Nach Agent</translation>
    </message>
    <message>
        <source>At the price book&apos;s base rates; the sum can differ from the total where agents logged their own cost or long-context prices applied.</source>
        <translation>Zu den Grundpreisen der Preisliste; die Summe kann von der Gesamtsumme abweichen, wo Agenten ihre eigenen Kosten protokolliert haben oder Preise für lange Kontexte galten.</translation>
    </message>
    <message>
        <source>Today&apos;s cost</source>
        <translation>Heutige Kosten</translation>
    </message>
    <message>
        <source>Daily cost, last 30 days</source>
        <translation>Tageskosten, letzte 30 Tage</translation>
    </message>
    <message>
        <source>Cost breakdown, last 30 days</source>
        <translation>Kostenaufschlüsselung, letzte 30 Tage</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Letzte Sitzungen</translation>
    </message>
    <message>
        <source>The dashboard could not be read: %1</source>
        <translation>Die Übersicht konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1/h</source>
        <translation>%1/h</translation>
    </message>
    <message numerus="yes">
        <source>last 60 minutes, %n requests</source>
        <translation>
            <numerusform>letzte 60 Minuten, %n Anfrage</numerusform>
            <numerusform>letzte 60 Minuten, %n Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>by the end of %1</source>
        <translation>bis Ende %1</translation>
    </message>
    <message>
        <source>%1 cache-read tokens</source>
        <translation>%1 aus dem Cache gelesene Token</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n requests of the last 30 days have no price</source>
        <translation>
            <numerusform>%n Anfrage der letzten 30 Tage hat keinen Preis</numerusform>
            <numerusform>%n Anfragen der letzten 30 Tage haben keinen Preis</numerusform>
        </translation>
    </message>
    <message>
        <source>not in the breakdown (no price): %1</source>
        <translation>nicht in der Aufschlüsselung (kein Preis): %1</translation>
    </message>
    <message>
        <source>Daily cost, %1 – %2</source>
        <translation>Tageskosten, %1 – %2</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Costliest agents, last 30 days</source>
        <translation>Teuerste Agenten, letzte 30 Tage</translation>
    </message>
</context>
<context>
    <name>DashboardQuery</name>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>Demo data: these numbers come from generated logs, not from your agents.</source>
        <translation>Demodaten: Diese Zahlen stammen aus erzeugten Protokollen, nicht von Ihren Agenten.</translation>
    </message>
    <message>
        <source>Prices unchanged: %1</source>
        <translation>Preise unverändert: %1</translation>
    </message>
    <message>
        <source>Fetched prices of %1 models from %2 providers. Stored costs are recalculated with them when the settings close.</source>
        <translation>Preise für %1 Modelle von %2 Anbietern abgerufen. Gespeicherte Kosten werden damit neu berechnet, sobald die Einstellungen geschlossen werden.</translation>
    </message>
    <message>
        <source>AgentMeter</source>
        <translation>AgentMeter</translation>
    </message>
    <message>
        <source>API not started: %1</source>
        <translation>API nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Settings not applied</source>
        <translation>Einstellungen nicht übernommen</translation>
    </message>
    <message>
        <source>The database %1 cannot be used: %2</source>
        <translation>Die Datenbank %1 kann nicht verwendet werden: %2</translation>
    </message>
</context>
<context>
    <name>DesktopSettings</name>
    <message>
        <source>The API bind address &apos;%1&apos; is not an IP address.</source>
        <translation>Die API-Bindungsadresse „%1“ ist keine IP-Adresse.</translation>
    </message>
    <message>
        <source>The API port %1 is not from 1 to 65535.</source>
        <translation>Der API-Port %1 liegt nicht zwischen 1 und 65535.</translation>
    </message>
    <message>
        <source>Binding the API to %1 exposes your usage data beyond this machine; it needs a token.</source>
        <translation>Wird die API an %1 gebunden, sind Ihre Nutzungsdaten auch außerhalb dieses Rechners erreichbar; dafür ist ein Token erforderlich.</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%1 + %n unpriced</source>
        <translation>
            <numerusform>%1 + %n ohne Preis</numerusform>
            <numerusform>%1 + %n ohne Preis</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>&lt;h2&gt;No agent logs found&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Keine Agent-Protokolle gefunden&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>AgentMeter looked in:</source>
        <translation>AgentMeter hat hier gesucht:</translation>
    </message>
    <message>
        <source>Point AgentMeter at the folders your agents write to, or look around with generated demo data. Demo data goes into a database of its own (%1) and is labelled as demo while it is shown.</source>
        <translation>Geben Sie AgentMeter die Ordner an, in die Ihre Agenten schreiben, oder sehen Sie sich mit erzeugten Demodaten um. Demodaten werden in einer eigenen Datenbank (%1) gespeichert und als Demo gekennzeichnet, solange sie angezeigt werden.</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Demodaten laden</translation>
    </message>
    <message>
        <source>Choose folders…</source>
        <translation>Ordner auswählen…</translation>
    </message>
    <message>
        <source>Generating demo logs…</source>
        <translation>Demo-Protokolle werden erzeugt…</translation>
    </message>
    <message>
        <source>Demo data could not be written: %1</source>
        <translation>Demodaten konnten nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Demo data ready in %1</source>
        <translation>Demodaten bereit in %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>AgentMeter</source>
        <translation>AgentMeter</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Traces</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Ingest failed at %1: %2</source>
        <translation>Import um %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>last new data at %1: %2 files read, %3 new requests</source>
        <translation>zuletzt neue Daten um %1: %2 Dateien gelesen, %3 neue Anfragen</translation>
    </message>
    <message>
        <source>Watching the logs, checked at %1</source>
        <translation>Protokolle werden beobachtet, geprüft um %1</translation>
    </message>
    <message>
        <source>Watching the logs, checked at %1 · %2</source>
        <translation>Protokolle werden beobachtet, geprüft um %1 · %2</translation>
    </message>
</context>
<context>
    <name>RecentSessionsModel</name>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
</context>
<context>
    <name>Screenshotter</name>
    <message numerus="yes">
        <source>no ingest pass finished within %n seconds</source>
        <translation>
            <numerusform>kein Importdurchlauf innerhalb von %n Sekunde abgeschlossen</numerusform>
            <numerusform>kein Importdurchlauf innerhalb von %n Sekunden abgeschlossen</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>the first ingest pass failed: %1</source>
        <translation>der erste Importdurchlauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>cannot save %1</source>
        <translation>%1 kann nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>SessionDetailPane</name>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>Cache-Lesen</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Per model, sub-agents included</source>
        <translation>Pro Modell, inkl. Sub-Agenten</translation>
    </message>
    <message>
        <source>Per agent</source>
        <translation>Pro Agent</translation>
    </message>
    <message>
        <source>Tokens &amp;&amp; cost</source>
        <translation>Token &amp;&amp; Kosten</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Total duration</source>
        <translation>Gesamtdauer</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Reads</source>
        <translation>Lesezugriffe</translation>
    </message>
    <message>
        <source>Writes</source>
        <translation>Schreibzugriffe</translation>
    </message>
    <message>
        <source>Edits</source>
        <translation>Bearbeitungen</translation>
    </message>
    <message>
        <source>Touches</source>
        <translation>Zugriffe</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Model or tool</source>
        <translation>Modell oder Werkzeug</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Select a session to see its details.</source>
        <translation>Wählen Sie eine Sitzung aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>This session is no longer in the database.</source>
        <translation>Diese Sitzung ist nicht mehr in der Datenbank.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Session id</source>
        <translation>Sitzungs-ID</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Parent session</source>
        <translation>Übergeordnete Sitzung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model(s)</source>
        <translation>Modell(e)</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>Git branch</source>
        <translation>Git-Branch</translation>
    </message>
    <message>
        <source>Agent version</source>
        <translation>Agent-Version</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Duration with sub-agents</source>
        <translation>Dauer mit Sub-Agenten</translation>
    </message>
    <message>
        <source>Tokens in (fresh)</source>
        <translation>Eingabe-Token (neu)</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Ausgabe-Token</translation>
    </message>
    <message>
        <source>Cache read / write</source>
        <translation>Cache-Lesen / -Schreiben</translation>
    </message>
    <message>
        <source>Cached share of input</source>
        <translation>Anteil der Eingabe aus dem Cache</translation>
    </message>
    <message>
        <source>Cost with sub-agents</source>
        <translation>Kosten mit Sub-Agenten</translation>
    </message>
    <message>
        <source>Sub-agent sessions</source>
        <translation>Sub-Agent-Sitzungen</translation>
    </message>
    <message>
        <source>Tool calls (errors)</source>
        <translation>Werkzeugaufrufe (Fehler)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>API errors</source>
        <translation>API-Fehler</translation>
    </message>
    <message>
        <source>Unpriced requests</source>
        <translation>Anfragen ohne Preis</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>(text not stored)</source>
        <translation>(Text nicht gespeichert)</translation>
    </message>
    <message>
        <source>Task from the parent agent: %1</source>
        <translation>Aufgabe vom übergeordneten Agenten: %1</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Tool call (failed)</source>
        <translation>Werkzeugaufruf (fehlgeschlagen)</translation>
    </message>
    <message>
        <source>Tool call</source>
        <translation>Werkzeugaufruf</translation>
    </message>
    <message>
        <source>API error</source>
        <translation>API-Fehler</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 events.</source>
        <translation>Die ersten %1 von %2 Ereignissen werden angezeigt.</translation>
    </message>
    <message>
        <source>No message text is stored for this session: it was read with content storage off (Settings, Privacy, or --no-content), or it has no prompts or answers.</source>
        <translation>Für diese Sitzung ist kein Nachrichtentext gespeichert: Sie wurde bei ausgeschalteter Inhaltsspeicherung gelesen (Einstellungen, Datenschutz oder --no-content), oder sie enthält keine Prompts oder Antworten.</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Assistant (last answer)</source>
        <translation>Assistent (letzte Antwort)</translation>
    </message>
</context>
<context>
    <name>SessionTreeModel</name>
    <message>
        <source>Sessions that name no project directory</source>
        <translation>Sitzungen ohne Projektverzeichnis</translation>
    </message>
    <message>
        <source>(no project)</source>
        <translation>(kein Projekt)</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tokens, %2 with sub-agents</source>
        <translation>%1 Token, %2 mit Sub-Agenten</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Source · agent</source>
        <translation>Quelle · Agent</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Cost incl. sub-agents</source>
        <translation>Kosten inkl. Sub-Agenten</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <source>Search titles, directories and prompts</source>
        <translation>Titel, Verzeichnisse und Prompts durchsuchen</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Active between</source>
        <translation>Aktiv zwischen</translation>
    </message>
    <message>
        <source>and</source>
        <translation>und</translation>
    </message>
    <message>
        <source>Select a session of this project to see its details.</source>
        <translation>Wählen Sie eine Sitzung dieses Projekts aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>Select a session to see its details.</source>
        <translation>Wählen Sie eine Sitzung aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Claude Code</source>
        <translation>Claude Code</translation>
    </message>
    <message>
        <source>Codex</source>
        <translation>Codex</translation>
    </message>
    <message>
        <source>OpenCode</source>
        <translation>OpenCode</translation>
    </message>
    <message>
        <source>OpenClaw</source>
        <translation>OpenClaw</translation>
    </message>
    <message>
        <source>Gemini CLI</source>
        <translation>Gemini CLI</translation>
    </message>
    <message>
        <source>AgentMeter Settings</source>
        <translation>AgentMeter-Einstellungen</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>Preise</translation>
    </message>
    <message>
        <source>Time Zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Datenschutz</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Each source reads the folders listed here, separated by commas. Left empty, it reads the folders shown greyed, which AgentMeter detected.</source>
        <translation>Jede Quelle liest die hier aufgeführten Ordner, durch Kommas getrennt. Bleibt das Feld leer, liest sie die ausgegraut angezeigten Ordner, die AgentMeter erkannt hat.</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>Erkannt: %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <source>Read the detected folders again</source>
        <translation>Wieder die erkannten Ordner lesen</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>SQLite databases (*.db)</source>
        <translation>SQLite-Datenbanken (*.db)</translation>
    </message>
    <message>
        <source>Database file:</source>
        <translation>Datenbankdatei:</translation>
    </message>
    <message>
        <source>Serve the local REST and event API while the window runs</source>
        <translation>Lokale REST- und Ereignis-API bereitstellen, solange das Fenster geöffnet ist</translation>
    </message>
    <message>
        <source>Listen on address:</source>
        <translation>Auf Adresse lauschen:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>With a token, every request needs the header &apos;Authorization: Bearer &lt;token&gt;&apos;. An address other than loopback (127.0.0.1, ::1) needs one.</source>
        <translation>Mit einem Token benötigt jede Anfrage den Header „Authorization: Bearer &lt;token&gt;“. Eine andere Adresse als Loopback (127.0.0.1, ::1) erfordert ein Token.</translation>
    </message>
    <message>
        <source>Auto: the agent&apos;s logged cost, else calculated</source>
        <translation>Automatisch: vom Agenten protokollierte Kosten, sonst berechnet</translation>
    </message>
    <message>
        <source>Calculate: always from tokens and prices</source>
        <translation>Berechnen: immer aus Token und Preisen</translation>
    </message>
    <message>
        <source>Display: only costs the agents logged</source>
        <translation>Anzeigen: nur von den Agenten protokollierte Kosten</translation>
    </message>
    <message>
        <source>Cost mode:</source>
        <translation>Kostenmodus:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Price overrides</source>
        <translation>Eigene Preise</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Price overrides file:</source>
        <translation>Datei mit eigenen Preisen:</translation>
    </message>
    <message>
        <source>Refresh prices from upstream now</source>
        <translation>Preise jetzt neu von der Quelle abrufen</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <source>Where days begin and end: &quot;today&quot;, daily charts, and the API&apos;s daily figures.</source>
        <translation>Bestimmt, wann Tage beginnen und enden: für „Heute“, Tagesdiagramme und die Tageswerte der API.</translation>
    </message>
    <message>
        <source>Store the text of prompts and messages</source>
        <translation>Text von Prompts und Nachrichten speichern</translation>
    </message>
    <message>
        <source>Off: AgentMeter keeps only lengths and counts of what is read from now on. Text already stored stays in the database.</source>
        <translation>Aus: AgentMeter speichert von allem, was ab jetzt gelesen wird, nur Längen und Anzahlen. Bereits gespeicherter Text bleibt in der Datenbank.</translation>
    </message>
    <message>
        <source>Closing the window keeps AgentMeter running in the tray</source>
        <translation>Nach dem Schließen des Fensters läuft AgentMeter im Systembereich weiter</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language applies when AgentMeter starts again.</source>
        <translation>Eine neue Sprache wird beim nächsten Start von AgentMeter wirksam.</translation>
    </message>
    <message>
        <source>The address must be an IP address, such as 127.0.0.1.</source>
        <translation>Die Adresse muss eine IP-Adresse sein, z. B. 127.0.0.1.</translation>
    </message>
    <message>
        <source>Listening on %1 exposes your usage data beyond this machine: set a token.</source>
        <translation>Beim Lauschen auf %1 sind Ihre Nutzungsdaten auch außerhalb dieses Rechners erreichbar: Legen Sie ein Token fest.</translation>
    </message>
    <message>
        <source>Unusable price overrides: %1</source>
        <translation>Eigene Preise nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Fetching prices…</source>
        <translation>Preise werden abgerufen…</translation>
    </message>
</context>
<context>
    <name>StackedBarChart</name>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
</context>
<context>
    <name>TraceListModel</name>
    <message numerus="yes">
        <source>%1
%n sub-agent(s), </source>
        <translation>
            <numerusform>%1
%n Sub-Agent, </numerusform>
            <numerusform>%1
%n Sub-Agenten, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tool call(s)</source>
        <translation>
            <numerusform>%n Werkzeugaufruf</numerusform>
            <numerusform>%n Werkzeugaufrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Last active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
</context>
<context>
    <name>TraceTreeModel</name>
    <message>
        <source>tool call</source>
        <translation>Werkzeugaufruf</translation>
    </message>
    <message>
        <source>%1 including everything below it</source>
        <translation>%1 einschließlich aller Unterelemente</translation>
    </message>
    <message>
        <source>Starts %1, lasts %2</source>
        <translation>Beginn %1, Dauer %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Agent / type</source>
        <translation>Agent / Typ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>Eingabe-Token</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Ausgabe-Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation>Wasserfall</translation>
    </message>
</context>
<context>
    <name>TracesPage</name>
    <message>
        <source>Select a session to see its trace.</source>
        <translation>Wählen Sie eine Sitzung aus, um ihren Trace zu sehen.</translation>
    </message>
    <message>
        <source>This session has no trace any more.</source>
        <translation>Diese Sitzung hat keinen Trace mehr.</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n agent invocation(s)</source>
        <translation>
            <numerusform>%1 · %n Agent-Aufruf</numerusform>
            <numerusform>%1 · %n Agent-Aufrufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n tool call(s)</source>
        <translation>
            <numerusform>, %n Werkzeugaufruf</numerusform>
            <numerusform>, %n Werkzeugaufrufe</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 in total over %2</source>
        <translation> · insgesamt %1 in %2</translation>
    </message>
    <message>
        <source> · most expensive path: %1</source>
        <translation> · teuerster Pfad: %1</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Open AgentMeter</source>
        <translation>AgentMeter öffnen</translation>
    </message>
    <message>
        <source>Pause alerts</source>
        <translation>Alarme pausieren</translation>
    </message>
    <message>
        <source>No notification balloons; alerts still go to the log and the API</source>
        <translation>Keine Benachrichtigungsblasen; Alarme gehen weiterhin ins Protokoll und an die API</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>AgentMeter</source>
        <translation>AgentMeter</translation>
    </message>
    <message>
        <source>AgentMeter - today %1</source>
        <translation>AgentMeter - heute %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 (%4)</source>
        <translation>%1: %2 von %3 (%4)</translation>
    </message>
    <message>
        <source>Alerts paused</source>
        <translation>Alarme pausiert</translation>
    </message>
</context>
<context>
    <name>WindowCommand</name>
    <message>
        <source>AgentMeter cannot start</source>
        <translation>AgentMeter kann nicht starten</translation>
    </message>
</context>
</TS>
