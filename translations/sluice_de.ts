<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BlobServer</name>
    <message>
        <source> (limit: %1 open files)</source>
        <translation> (Grenze: %1 offene Dateien)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Try &apos;sluice --help&apos; for more information.</source>
        <translation>„sluice --help“ zeigt weitere Informationen.</translation>
    </message>
    <message>
        <source>Share files with every device on the local network over HTTP.</source>
        <translation>Dateien über HTTP mit jedem Gerät im lokalen Netz teilen.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Die Version anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Serve without a window until interrupted.</source>
        <translation>Ohne Fenster bereitstellen, bis das Programm unterbrochen wird.</translation>
    </message>
    <message>
        <source>Share FILE, or a folder as one ZIP archive (repeatable).</source>
        <translation>FILE freigeben, einen Ordner als ein ZIP-Archiv (wiederholbar).</translation>
    </message>
    <message>
        <source>Listen on port N, 0-65535; 0 picks a free one (default 8888).</source>
        <translation>Auf Port N lauschen, 0–65535; 0 wählt einen freien (Vorgabe 8888).</translation>
    </message>
    <message>
        <source>Listen only on ADDR (repeatable; default: every address).</source>
        <translation>Nur auf ADDR lauschen (wiederholbar; Vorgabe: jede Adresse).</translation>
    </message>
    <message>
        <source>Bytes written per chunk, 4K-64M, K/M/G suffixes (default 1M).</source>
        <translation>Bytes je geschriebenem Block, 4K–64M, Endungen K/M/G (Vorgabe 1M).</translation>
    </message>
    <message>
        <source>List the shares on the root page.</source>
        <translation>Die Freigaben auf der Startseite auflisten.</translation>
    </message>
    <message>
        <source>Append the access log to FILE (headless default: stderr).</source>
        <translation>Das Zugriffsprotokoll an FILE anhängen (ohne Fenster vorgegeben: stderr).</translation>
    </message>
    <message>
        <source>Time allowed for a request head (default 10s).</source>
        <translation>Zeit für den Kopf einer Anfrage (Vorgabe 10s).</translation>
    </message>
    <message>
        <source>Idle time before a keep-alive connection closes (default 15s).</source>
        <translation>Leerlaufzeit, nach der eine Keep-alive-Verbindung geschlossen wird (Vorgabe 15s).</translation>
    </message>
    <message>
        <source>Time a client may stop reading before it is dropped (default 60s).</source>
        <translation>Zeit, die ein Client nicht lesen darf, bevor er getrennt wird (Vorgabe 60s).</translation>
    </message>
    <message>
        <source>Connections served at once, 1-100000 (default 2048).</source>
        <translation>Gleichzeitig bediente Verbindungen, 1–100000 (Vorgabe 2048).</translation>
    </message>
    <message>
        <source>Measure event-loop lateness: SIGUSR1 starts, the next SIGUSR1 prints to stderr.</source>
        <translation>Verspätung der Ereignisschleife messen: SIGUSR1 startet, das nächste SIGUSR1 gibt sie auf stderr aus.</translation>
    </message>
    <message>
        <source>Show a live status line (active downloads, speed, ETA) on stderr.</source>
        <translation>Eine laufende Statuszeile (aktive Downloads, Geschwindigkeit, Restzeit) auf stderr zeigen.</translation>
    </message>
    <message>
        <source>Headless: keep the shares and their links in FILE between runs.</source>
        <translation>Ohne Fenster: die Freigaben und ihre Links zwischen zwei Läufen in FILE aufbewahren.</translation>
    </message>
    <message>
        <source>Cap the total upload rate, bytes per second, K/M/G suffixes, at least 1K (default: no cap).</source>
        <translation>Die gesamte Senderate begrenzen, Bytes pro Sekunde, Endungen K/M/G, mindestens 1K (Vorgabe: keine Grenze).</translation>
    </message>
    <message>
        <source>Cap each client&apos;s (address&apos;s) upload rate, like --max-rate.</source>
        <translation>Die Senderate jedes Clients (jeder Adresse) begrenzen, wie --max-rate.</translation>
    </message>
    <message>
        <source>Do not apply the rate caps to this machine&apos;s clients.</source>
        <translation>Die Ratengrenzen nicht auf Clients dieses Rechners anwenden.</translation>
    </message>
    <message>
        <source>Protect every share with the password on FILE&apos;s first line (or set SLUICE_PASSWORD).</source>
        <translation>Jede Freigabe mit dem Passwort aus der ersten Zeile von FILE schützen (oder SLUICE_PASSWORD setzen).</translation>
    </message>
    <message>
        <source>Protect every share with PASSWORD (other users can see it in the process list: prefer --password-file).</source>
        <translation>Jede Freigabe mit PASSWORD schützen (andere Benutzer sehen es in der Prozessliste: besser --password-file).</translation>
    </message>
    <message>
        <source>Files to share, like --blob.</source>
        <translation>Freizugebende Dateien, wie --blob.</translation>
    </message>
    <message>
        <source>--password must not be empty</source>
        <translation>--password darf nicht leer sein</translation>
    </message>
    <message>
        <source>--password and --password-file cannot be combined</source>
        <translation>--password und --password-file können nicht kombiniert werden</translation>
    </message>
    <message>
        <source>--port must be a number from 0 to 65535, got &quot;%1&quot;</source>
        <translation>--port muss eine Zahl von 0 bis 65535 sein, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--bind needs an IPv4 or IPv6 address, got &quot;%1&quot;</source>
        <translation>--bind braucht eine IPv4- oder IPv6-Adresse, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--chunk-size must be from %1 to %2 (%3-%4 bytes), got &quot;%5&quot;</source>
        <translation>--chunk-size muss zwischen %1 und %2 liegen (%3–%4 Bytes), erhalten: „%5“</translation>
    </message>
    <message>
        <source>--%1 must be a duration such as 500ms, 10s or 2m (up to 24 hours), got &quot;%2&quot;</source>
        <translation>--%1 muss eine Dauer wie 500ms, 10s oder 2m sein (bis 24 Stunden), erhalten: „%2“</translation>
    </message>
    <message>
        <source>--max-connections must be a number from 1 to 100000, got &quot;%1&quot;</source>
        <translation>--max-connections muss eine Zahl von 1 bis 100000 sein, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--%1 must be a rate of at least 1 KiB/s in bytes per second, such as 512K, 20M or 1G, got &quot;%2&quot;</source>
        <translation>--%1 muss eine Rate von mindestens 1 KiB/s in Bytes pro Sekunde sein, etwa 512K, 20M oder 1G, erhalten: „%2“</translation>
    </message>
    <message>
        <source>--expires must be a duration such as 30m, 2h or 7d, or a local time such as 2026-12-24T18:00, got &quot;%1&quot;</source>
        <translation>--expires muss eine Dauer wie 30m, 2h oder 7d sein oder eine Ortszeit wie 2026-12-24T18:00, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--expires must be in the future, got &quot;%1&quot; (now: %2)</source>
        <translation>--expires muss in der Zukunft liegen, erhalten: „%1“ (jetzt: %2)</translation>
    </message>
    <message>
        <source>--max-downloads must be a number from 1 to 1000000, got &quot;%1&quot;</source>
        <translation>--max-downloads muss eine Zahl von 1 bis 1000000 sein, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--state is for --headless; the window keeps its shares in the user&apos;s data folder</source>
        <translation>--state gilt nur mit --headless; das Fenster bewahrt seine Freigaben im Datenordner des Benutzers auf</translation>
    </message>
    <message>
        <source>--state needs a file name</source>
        <translation>--state braucht einen Dateinamen</translation>
    </message>
    <message>
        <source>--headless needs at least one file: --blob FILE</source>
        <translation>--headless braucht mindestens eine Datei: --blob FILE</translation>
    </message>
    <message>
        <source>The links of the files given stop working (410 Gone) after a duration such as 30m, 2h or 7d, or at a local time such as 2026-12-24T18:00.</source>
        <translation>Die Links der angegebenen Dateien funktionieren nicht mehr (410 Gone) nach einer Dauer wie 30m, 2h oder 7d oder ab einer Ortszeit wie 2026-12-24T18:00.</translation>
    </message>
    <message>
        <source>Allow N completed downloads of each file given (each client&apos;s delivered bytes counted once, whatever its ranges and resumes).</source>
        <translation>N vollständige Downloads jeder angegebenen Datei erlauben (die gelieferten Bytes jedes Clients zählen einmal, gleich welche Bereiche und Fortsetzungen).</translation>
    </message>
</context>
<context>
    <name>EndReason</name>
    <message>
        <source>%1 was removed</source>
        <translation>%1 wurde entfernt</translation>
    </message>
    <message>
        <source>%1 was replaced</source>
        <translation>%1 wurde ersetzt</translation>
    </message>
    <message>
        <source>%1 was modified</source>
        <translation>%1 wurde geändert</translation>
    </message>
    <message>
        <source>%1 was truncated</source>
        <translation>%1 wurde gekürzt</translation>
    </message>
    <message>
        <source>%1 was made unreadable</source>
        <translation>%1 ist nicht mehr lesbar</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the CRC of %1 is not known yet</source>
        <translation>die CRC von %1 ist noch nicht bekannt</translation>
    </message>
    <message>
        <source>the file was removed</source>
        <translation>die Datei wurde entfernt</translation>
    </message>
    <message>
        <source>the file was replaced</source>
        <translation>die Datei wurde ersetzt</translation>
    </message>
    <message>
        <source>the file was modified</source>
        <translation>die Datei wurde geändert</translation>
    </message>
    <message>
        <source>the file was truncated</source>
        <translation>die Datei wurde gekürzt</translation>
    </message>
    <message>
        <source>the file was made unreadable</source>
        <translation>die Datei ist nicht mehr lesbar</translation>
    </message>
    <message>
        <source>a checksum is not known yet</source>
        <translation>eine Prüfsumme ist noch nicht bekannt</translation>
    </message>
    <message>
        <source>the file stopped answering</source>
        <translation>die Datei antwortet nicht mehr</translation>
    </message>
    <message>
        <source>the client closed the connection</source>
        <translation>der Client hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the client stopped reading</source>
        <translation>der Client liest nicht mehr</translation>
    </message>
    <message>
        <source>the server stopped</source>
        <translation>der Server wurde gestoppt</translation>
    </message>
    <message>
        <source>the share was removed</source>
        <translation>die Freigabe wurde entfernt</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>the client was blocked</source>
        <translation>der Client wurde gesperrt</translation>
    </message>
</context>
<context>
    <name>FolderArchive</name>
    <message>
        <source>%1: the folder holds nothing that can be read</source>
        <translation>%1: der Ordner enthält nichts Lesbares</translation>
    </message>
    <message>
        <source> (%1: %2)</source>
        <translation> (%1: %2)</translation>
    </message>
</context>
<context>
    <name>FolderSnapshot</name>
    <message>
        <source>the name is not UTF-8</source>
        <translation>der Name ist kein UTF-8</translation>
    </message>
    <message>
        <source>a link that leads nowhere</source>
        <translation>ein Link, der ins Leere führt</translation>
    </message>
    <message>
        <source>a link that leads outside the folder</source>
        <translation>ein Link, der aus dem Ordner hinausführt</translation>
    </message>
    <message>
        <source>it vanished</source>
        <translation>verschwunden</translation>
    </message>
    <message>
        <source>the name is longer than ZIP&apos;s 65,535 bytes</source>
        <translation>der Name ist länger als die 65.535 Bytes von ZIP</translation>
    </message>
    <message>
        <source>a link to a folder that contains it</source>
        <translation>ein Link auf einen Ordner, der ihn enthält</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>eine benannte Pipe</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>ein Gerät</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine reguläre Datei</translation>
    </message>
</context>
<context>
    <name>LinksPanel</name>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Start ser&amp;ving</source>
        <translation>Ser&amp;ver starten</translation>
    </message>
    <message>
        <source>&amp;QR code opens the file&apos;s page</source>
        <translation>&amp;QR-Code öffnet die Seite der Datei</translation>
    </message>
    <message>
        <source>The page shows the file&apos;s size and checksum and asks for its password; off: the QR code starts the download</source>
        <translation>Die Seite zeigt Größe und Prüfsumme der Datei und fragt nach ihrem Passwort; aus: der QR-Code startet den Download</translation>
    </message>
    <message>
        <source>QR code &amp;grants access without the password</source>
        <translation>QR-Code gewährt Zu&amp;gang ohne Passwort</translation>
    </message>
    <message>
        <source>The QR code carries a ticket instead of asking for the password; the ticket works for 12 hours, or until Sluice restarts or the password changes</source>
        <translation>Der QR-Code enthält ein Ticket, statt nach dem Passwort zu fragen; das Ticket gilt 12 Stunden oder bis Sluice neu startet oder das Passwort sich ändert</translation>
    </message>
    <message>
        <source>Copy l&amp;ink with password</source>
        <translation>&amp;Link mit Passwort kopieren</translation>
    </message>
    <message>
        <source>Copies a link that downloads without asking for the password, for 12 hours, or until Sluice restarts or the password changes</source>
        <translation>Kopiert einen Link, der ohne Passwortabfrage herunterlädt, für 12 Stunden oder bis Sluice neu startet oder das Passwort sich ändert</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sluice</source>
        <translation>Sluice</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>Dateien &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Make a random password that is easy to read out and type</source>
        <translation>Ein zufälliges Passwort erzeugen, das sich leicht vorlesen und eintippen lässt</translation>
    </message>
</context>
<context>
    <name>RankedAddress</name>
    <message>
        <source>LAN (default route)</source>
        <translation>LAN (Standardroute)</translation>
    </message>
    <message>
        <source>LAN</source>
        <translation>LAN</translation>
    </message>
    <message>
        <source>virtual: %1</source>
        <translation>virtuell: %1</translation>
    </message>
    <message>
        <source>link-local</source>
        <translation>verbindungslokal</translation>
    </message>
    <message>
        <source>this computer only</source>
        <translation>nur dieser Rechner</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>TCP port for new connections; running downloads finish where they started</source>
        <translation>TCP-Port für neue Verbindungen; laufende Downloads enden dort, wo sie begonnen haben</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>C&amp;hunk size:</source>
        <translation>&amp;Blockgröße:</translation>
    </message>
    <message>
        <source>Bytes written to a client per step: larger is faster, smaller keeps memory low</source>
        <translation>Bytes, die je Schritt an einen Client gehen: größer ist schneller, kleiner spart Speicher</translation>
    </message>
    <message>
        <source>Chunk size unit</source>
        <translation>Einheit der Blockgröße</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>&amp;Stop serving</source>
        <translation>Server &amp;stoppen</translation>
    </message>
    <message>
        <source>Copy the lin&amp;k when a file is dropped</source>
        <translation>Lin&amp;k kopieren, wenn eine Datei abgelegt wird</translation>
    </message>
    <message>
        <source>Show a tra&amp;y icon</source>
        <translation>Symbol im Infobereich &amp;zeigen</translation>
    </message>
    <message>
        <source>&amp;Notify when a download completes</source>
        <translation>Be&amp;nachrichtigen, wenn ein Download fertig ist</translation>
    </message>
    <message>
        <source>Ma&amp;x upload:</source>
        <translation>Ma&amp;x. Senderate:</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Cap on everything Sluice sends, shared fairly between clients; applies to running downloads at once</source>
        <translation>Grenze für alles, was Sluice sendet, gerecht auf die Clients verteilt; gilt sofort auch für laufende Downloads</translation>
    </message>
    <message>
        <source>Upload cap unit</source>
        <translation>Einheit der Sendegrenze</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>Each client:</source>
        <translation>Je Client:</translation>
    </message>
    <message>
        <source>Cap on each client (an address), whatever the number of its connections</source>
        <translation>Grenze für jeden Client (eine Adresse), gleich wie viele Verbindungen er hat</translation>
    </message>
    <message>
        <source>Client cap unit</source>
        <translation>Einheit der Client-Grenze</translation>
    </message>
</context>
<context>
    <name>SharePage</name>
    <message>
        <source>Too many wrong passwords</source>
        <translation>Zu viele falsche Passwörter</translation>
    </message>
    <message>
        <source>Wait a minute, then try again.</source>
        <translation>Warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Link expired</source>
        <translation>Link abgelaufen</translation>
    </message>
    <message>
        <source>This link has expired. Ask the person sharing for a new one.</source>
        <translation>Dieser Link ist abgelaufen. Bitten Sie die Person, die teilt, um einen neuen.</translation>
    </message>
    <message>
        <source>No downloads left</source>
        <translation>Keine Downloads mehr übrig</translation>
    </message>
    <message>
        <source>This file has been downloaded as many times as the person sharing it allowed.</source>
        <translation>Diese Datei wurde so oft heruntergeladen, wie die Person, die sie teilt, erlaubt hat.</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>The shared file is no longer available.</source>
        <translation>Die geteilte Datei ist nicht mehr verfügbar.</translation>
    </message>
    <message>
        <source>Files are shared by link. Ask the person sharing for one.</source>
        <translation>Dateien werden per Link geteilt. Bitten Sie die Person, die teilt, um einen.</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message numerus="yes">
        <source>Contents: %n file(s)</source>
        <translation>
            <numerusform>Inhalt: %n Datei</numerusform>
            <numerusform>Inhalt: %n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weiterer Eintrag</numerusform>
            <numerusform>… und %n weitere Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>Ausgelassen</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>An interrupted download resumes where it stopped: start it again.</source>
        <translation>Ein unterbrochener Download setzt dort fort, wo er aufgehört hat: starten Sie ihn einfach erneut.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>computing… %1 %</source>
        <translation>wird berechnet … %1 %</translation>
    </message>
    <message>
        <source>checksum file</source>
        <translation>Prüfsummendatei</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <source>QR code of this page</source>
        <translation>QR-Code dieser Seite</translation>
    </message>
    <message>
        <source>Pass it on</source>
        <translation>Weitergeben</translation>
    </message>
    <message>
        <source>A password is needed</source>
        <translation>Ein Passwort ist nötig</translation>
    </message>
    <message>
        <source>Ask the person sharing this file for its password.</source>
        <translation>Fragen Sie die Person, die diese Datei teilt, nach dem Passwort.</translation>
    </message>
    <message>
        <source>That password is not right.</source>
        <translation>Dieses Passwort stimmt nicht.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Password needed – Sluice</source>
        <translation>Passwort nötig – Sluice</translation>
    </message>
    <message>
        <source>Nothing is shared right now.</source>
        <translation>Zurzeit ist nichts freigegeben.</translation>
    </message>
    <message>
        <source>A file protected by a password</source>
        <translation>Eine passwortgeschützte Datei</translation>
    </message>
</context>
<context>
    <name>ShareRegistry</name>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: not a regular file or folder</source>
        <translation>%1: weder eine reguläre Datei noch ein Ordner</translation>
    </message>
    <message>
        <source>%1: permission denied</source>
        <translation>%1: Zugriff verweigert</translation>
    </message>
</context>
<context>
    <name>ShareSettingsDialog</name>
    <message>
        <source>Share limits</source>
        <translation>Grenzen der Freigabe</translation>
    </message>
    <message>
        <source>Links expire</source>
        <translation>Links laufen ab</translation>
    </message>
    <message>
        <source>&amp;Never</source>
        <translation>&amp;Nie</translation>
    </message>
    <message>
        <source>&amp;After</source>
        <translation>N&amp;ach</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Duration unit</source>
        <translation>Einheit der Dauer</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tagen</translation>
    </message>
    <message>
        <source>At a &amp;time</source>
        <translation>Zu einem &amp;Zeitpunkt</translation>
    </message>
    <message>
        <source>Expiry time</source>
        <translation>Ablaufzeitpunkt</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>&amp;Limit to</source>
        <translation>&amp;Begrenzen auf</translation>
    </message>
    <message>
        <source>Completed downloads allowed</source>
        <translation>Erlaubte vollständige Downloads</translation>
    </message>
    <message>
        <source>completed downloads</source>
        <translation>vollständige Downloads</translation>
    </message>
</context>
<context>
    <name>SharesPanel</name>
    <message>
        <source>&amp;Add files…</source>
        <translation>Dateien &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Choose files to share (Ctrl+O)</source>
        <translation>Dateien zum Freigeben auswählen (Strg+O)</translation>
    </message>
    <message>
        <source>Add fo&amp;lder…</source>
        <translation>O&amp;rdner hinzufügen…</translation>
    </message>
    <message>
        <source>Choose a folder to share as one ZIP archive (Ctrl+Shift+O)</source>
        <translation>Einen Ordner wählen, der als ein ZIP-Archiv freigegeben wird (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Stop sharing the selected files (Delete)</source>
        <translation>Die ausgewählten Dateien nicht mehr freigeben (Entf)</translation>
    </message>
    <message>
        <source>Show in f&amp;older</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Pass&amp;word…</source>
        <translation>Pass&amp;wort…</translation>
    </message>
    <message>
        <source>Set, change or remove the password of the selected files</source>
        <translation>Das Passwort der ausgewählten Dateien setzen, ändern oder entfernen</translation>
    </message>
    <message>
        <source>Shared files</source>
        <translation>Freigegebene Dateien</translation>
    </message>
    <message>
        <source>Li&amp;mits…</source>
        <translation>Li&amp;mits…</translation>
    </message>
    <message>
        <source>When the links of the selected files expire, and how many downloads they allow</source>
        <translation>Wann die Links der ausgewählten Dateien ablaufen und wie viele Downloads sie erlauben</translation>
    </message>
</context>
<context>
    <name>Sluice::BlobServer</name>
    <message>
        <source>Port %1 is already in use on %2</source>
        <translation>Port %1 ist auf %2 bereits belegt</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Lauschen auf %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Cannot watch connections: %1</source>
        <translation>Verbindungen können nicht überwacht werden: %1</translation>
    </message>
    <message>
        <source>Cannot accept connections: out of file descriptors%1; new connections wait until some close</source>
        <translation>Verbindungen können nicht angenommen werden: keine Dateideskriptoren mehr%1; neue Verbindungen warten, bis andere geschlossen werden</translation>
    </message>
    <message>
        <source> (system-wide)</source>
        <translation> (systemweit)</translation>
    </message>
    <message>
        <source>Cannot accept connections: out of memory (%1); new connections wait</source>
        <translation>Verbindungen können nicht angenommen werden: kein Speicher mehr (%1); neue Verbindungen warten</translation>
    </message>
</context>
<context>
    <name>Sluice::DesktopNotifications</name>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
</context>
<context>
    <name>Sluice::DownloadModel</name>
    <message>
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <source>sending on %1 connections</source>
        <translation>wird über %1 Verbindungen gesendet</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>stockt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 Anfragen</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 requests of this client for the file, %2 of them running: progress counts the bytes of the file any of them delivered.</source>
        <translation>%1 Anfragen dieses Clients für die Datei, %2 davon laufen: der Fortschritt zählt die Bytes der Datei, die irgendeine davon geliefert hat.</translation>
    </message>
</context>
<context>
    <name>Sluice::DropZone</name>
    <message>
        <source>Drop files or folders here to share them</source>
        <translation>Dateien oder Ordner hier ablegen, um sie freizugeben</translation>
    </message>
    <message>
        <source>Drop zone</source>
        <translation>Ablagebereich</translation>
    </message>
    <message>
        <source>Drop files or folders from a file manager here to share them</source>
        <translation>Dateien oder Ordner aus einem Dateimanager hier ablegen, um sie freizugeben</translation>
    </message>
    <message>
        <source>Only files can be dropped here</source>
        <translation>Hier können nur Dateien abgelegt werden</translation>
    </message>
    <message>
        <source>%1 is not a local file</source>
        <translation>%1 ist keine lokale Datei</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
</context>
<context>
    <name>Sluice::LinkList</name>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Show QR code for %1</source>
        <translation>QR-Code für %1 zeigen</translation>
    </message>
    <message>
        <source>Show this link as a QR code</source>
        <translation>Diesen Link als QR-Code zeigen</translation>
    </message>
    <message>
        <source>Link %1 (%2)</source>
        <translation>Link %1 (%2)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy link %1</source>
        <translation>Link %1 kopieren</translation>
    </message>
</context>
<context>
    <name>Sluice::LinksPanel</name>
    <message>
        <source>The server is stopped: nothing can be downloaded until it starts.</source>
        <translation>Der Server ist gestoppt: bis er startet, kann nichts heruntergeladen werden.</translation>
    </message>
    <message>
        <source>Add a file to get a link.</source>
        <translation>Fügen Sie eine Datei hinzu, um einen Link zu erhalten.</translation>
    </message>
    <message>
        <source>Select a file to see its links.</source>
        <translation>Wählen Sie eine Datei, um ihre Links zu sehen.</translation>
    </message>
</context>
<context>
    <name>Sluice::MainWindow</name>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>%1 is no longer available</source>
        <translation>%1 ist nicht mehr verfügbar</translation>
    </message>
    <message>
        <source>%1 changed since it was shared</source>
        <translation>%1 hat sich seit der Freigabe geändert</translation>
    </message>
    <message>
        <source>%1 is not responding (its disk or network share hangs)</source>
        <translation>%1 antwortet nicht (das Laufwerk oder die Netzwerkfreigabe hängt)</translation>
    </message>
    <message>
        <source>Download of %1 by %2 failed: %3</source>
        <translation>Download von %1 durch %2 fehlgeschlagen: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 delivered</source>
        <translation>%1 geliefert</translation>
    </message>
    <message>
        <source>Quit Sluice?</source>
        <translation>Sluice beenden?</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) running. Quitting stops them.</source>
        <translation>
            <numerusform>Ein Download läuft. Beenden stoppt ihn.</numerusform>
            <numerusform>%n Downloads laufen. Beenden stoppt sie.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Stop downloads and quit</source>
        <translation>Downloads &amp;stoppen und beenden</translation>
    </message>
    <message>
        <source>&amp;Keep serving in the tray</source>
        <translation>Im Infobereich &amp;weiter bereitstellen</translation>
    </message>
</context>
<context>
    <name>Sluice::MessageBar</name>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
</context>
<context>
    <name>Sluice::NotificationCenter</name>
    <message>
        <source>Sluice is not accepting new connections</source>
        <translation>Sluice nimmt keine neuen Verbindungen an</translation>
    </message>
    <message>
        <source>Sluice cannot serve</source>
        <translation>Sluice kann nicht bereitstellen</translation>
    </message>
    <message>
        <source>Download complete</source>
        <translation>Download abgeschlossen</translation>
    </message>
    <message>
        <source>%1 downloaded %2</source>
        <translation>%1 hat %2 heruntergeladen</translation>
    </message>
    <message>
        <source>%1 was downloaded</source>
        <translation>%1 wurde heruntergeladen</translation>
    </message>
</context>
<context>
    <name>Sluice::NotificationPacer</name>
    <message numerus="yes">
        <source>%n problems need your attention</source>
        <translation>
            <numerusform>Ein Problem braucht Ihre Aufmerksamkeit</numerusform>
            <numerusform>%n Probleme brauchen Ihre Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n downloads completed</source>
        <translation>
            <numerusform>%n Download abgeschlossen</numerusform>
            <numerusform>%n Downloads abgeschlossen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::Notifier</name>
    <message>
        <source>&amp;Show Sluice</source>
        <translation>Sluice &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message numerus="yes">
        <source>Sluice: %n active transfer(s)</source>
        <translation>
            <numerusform>Sluice: %n aktive Übertragung</numerusform>
            <numerusform>Sluice: %n aktive Übertragungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::PasswordDialog</name>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>“%1” has a password. A new one replaces it: links with the old one stop working.</source>
        <translation>„%1“ hat ein Passwort. Ein neues ersetzt es: Links mit dem alten funktionieren dann nicht mehr.</translation>
    </message>
    <message>
        <source>Until the password is given, nobody learns anything about “%1”, not even its name. Browsers ask for it on the file&apos;s page; command-line clients send it as a user&apos;s password (curl -u :PASSWORD).</source>
        <translation>Bis das Passwort eingegeben ist, erfährt niemand etwas über „%1“, nicht einmal den Namen. Browser fragen auf der Seite der Datei danach; Befehlszeilenprogramme senden es als Benutzerpasswort (curl -u :PASSWORT).</translation>
    </message>
    <message>
        <source>Re&amp;move password</source>
        <translation>Passwort ent&amp;fernen</translation>
    </message>
</context>
<context>
    <name>Sluice::QrCodeWidget</name>
    <message>
        <source>QR code of the selected link</source>
        <translation>QR-Code des ausgewählten Links</translation>
    </message>
</context>
<context>
    <name>Sluice::ServerConditions</name>
    <message>
        <source>%1 is no longer an address of this computer (its network changed): nothing reaches Sluice there until it comes back. Choose another address under Server.</source>
        <translation>%1 ist keine Adresse dieses Rechners mehr (sein Netzwerk hat sich geändert): dort erreicht Sluice nichts, bis sie zurückkommt. Wählen Sie unter „Server“ eine andere Adresse.</translation>
    </message>
</context>
<context>
    <name>Sluice::ServerPanel</name>
    <message>
        <source>This desktop has no system tray</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich</translation>
    </message>
    <message>
        <source>All addresses</source>
        <translation>Alle Adressen</translation>
    </message>
    <message>
        <source>Port %1 is in use by another program. Port %2 is free.</source>
        <translation>Port %1 wird von einem anderen Programm benutzt. Port %2 ist frei.</translation>
    </message>
    <message>
        <source>&amp;Use port %1</source>
        <translation>Port %1 ben&amp;utzen</translation>
    </message>
    <message>
        <source>Serve on port %1 until Sluice quits; port %2 stays the saved choice</source>
        <translation>Auf Port %1 bereitstellen, bis Sluice beendet wird; Port %2 bleibt die gespeicherte Wahl</translation>
    </message>
    <message>
        <source>Still serving on port %1.</source>
        <translation>Weiterhin auf Port %1 bereitgestellt.</translation>
    </message>
    <message>
        <source>Stop serving?</source>
        <translation>Server stoppen?</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) running; they will be stopped.</source>
        <translation>
            <numerusform>Ein Download läuft; er wird gestoppt.</numerusform>
            <numerusform>%n Downloads laufen; sie werden gestoppt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Stop them</source>
        <translation>Downloads &amp;stoppen</translation>
    </message>
    <message>
        <source>&amp;Keep serving</source>
        <translation>&amp;Weiter bereitstellen</translation>
    </message>
    <message>
        <source>Not serving</source>
        <translation>Server gestoppt</translation>
    </message>
    <message numerus="yes">
        <source>%n address(es)</source>
        <translation>
            <numerusform>%n Adresse</numerusform>
            <numerusform>%n Adressen</numerusform>
        </translation>
    </message>
    <message>
        <source>Serving on %1, port %2. Drop a file to share it.</source>
        <translation>Bereit auf %1, Port %2. Legen Sie eine Datei ab, um sie freizugeben.</translation>
    </message>
    <message numerus="yes">
        <source>Serving %n file(s) on %1, port %2</source>
        <translation>
            <numerusform>%n Datei bereitgestellt auf %1, Port %2</numerusform>
            <numerusform>%n Dateien bereitgestellt auf %1, Port %2</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Stop serving</source>
        <translation>Server &amp;stoppen</translation>
    </message>
    <message>
        <source>&amp;Start serving</source>
        <translation>Server &amp;starten</translation>
    </message>
    <message>
        <source>This desktop shows no notifications and has no system tray</source>
        <translation>Diese Arbeitsumgebung zeigt keine Benachrichtigungen und hat keinen Infobereich</translation>
    </message>
    <message>
        <source>They will finish, but the links and QR codes given out so far will stop working.</source>
        <translation>Sie laufen zu Ende, aber die bisher weitergegebenen Links und QR-Codes funktionieren dann nicht mehr.</translation>
    </message>
    <message>
        <source>Change where Sluice serves?</source>
        <translation>Ändern, wo Sluice bereitstellt?</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) running.</source>
        <translation>
            <numerusform>Ein Download läuft.</numerusform>
            <numerusform>%n Downloads laufen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Change</source>
        <translation>&amp;Ändern</translation>
    </message>
    <message>
        <source>&amp;Keep serving as before</source>
        <translation>&amp;Weiter wie bisher bereitstellen</translation>
    </message>
</context>
<context>
    <name>Sluice::ShareModel</name>
    <message>
        <source>ready, preparing resume (%1 %)</source>
        <translation>bereit, Fortsetzen wird vorbereitet (%1 %)</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>changed since shared</source>
        <translation>seit der Freigabe geändert</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>not responding</source>
        <translation>antwortet nicht</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>Ausgelassen:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>%n Datei, %1</numerusform>
            <numerusform>%n Dateien, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1, password needed</source>
        <translation>%1, Passwort nötig</translation>
    </message>
    <message>
        <source>not computed: the file changed while it was read</source>
        <translation>nicht berechnet: die Datei hat sich beim Lesen geändert</translation>
    </message>
    <message>
        <source>computing… %1 %</source>
        <translation>wird berechnet … %1 %</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>%1, %2 of %3 downloads</source>
        <translation>%1, %2 von %3 Downloads</translation>
    </message>
</context>
<context>
    <name>Sluice::ShareRegistry</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1: Ordner nicht gefunden</translation>
    </message>
</context>
<context>
    <name>Sluice::ShareSettingsDialog</name>
    <message>
        <source>Limits of %1</source>
        <translation>Grenzen von %1</translation>
    </message>
    <message>
        <source>Completed so far: %1. Once the limit is reached, new clients get “410 Gone”; clients that started can still finish.</source>
        <translation>Bisher abgeschlossen: %1. Ist die Grenze erreicht, erhalten neue Clients „410 Gone“; begonnene Clients können noch fertig werden.</translation>
    </message>
    <message>
        <source>The links work until the share is removed.</source>
        <translation>Die Links funktionieren, bis die Freigabe entfernt wird.</translation>
    </message>
    <message>
        <source>The links expired at %1. Choose a new time to renew them.</source>
        <translation>Die Links sind am %1 abgelaufen. Wählen Sie einen neuen Zeitpunkt, um sie zu erneuern.</translation>
    </message>
    <message>
        <source>The links expire at %1.</source>
        <translation>Die Links laufen am %1 ab.</translation>
    </message>
    <message>
        <source>%1 has passed: choose a time in the future.</source>
        <translation>%1 ist vorbei: wählen Sie einen Zeitpunkt in der Zukunft.</translation>
    </message>
</context>
<context>
    <name>Sluice::ShareStateKeeper</name>
    <message>
        <source>Cannot delete the saved shares in %1</source>
        <translation>Die gespeicherten Freigaben in %1 können nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Cannot save the shares to %1: %2</source>
        <translation>Die Freigaben können nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>Sluice::SharesPanel</name>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;page link</source>
        <translation>&amp;Seitenlink kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;SHA-256</source>
        <translation>SHA-&amp;256 kopieren</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Pass&amp;word…</source>
        <translation>Pass&amp;wort…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Cannot share %1</source>
        <translation>%1 kann nicht freigegeben werden</translation>
    </message>
    <message>
        <source>Link copied: %1</source>
        <translation>Link kopiert: %1</translation>
    </message>
    <message>
        <source>Share files</source>
        <translation>Dateien freigeben</translation>
    </message>
    <message>
        <source>Share a folder</source>
        <translation>Einen Ordner freigeben</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Password removed: anyone with the link can download</source>
        <translation>Passwort entfernt: jeder mit dem Link kann herunterladen</translation>
    </message>
    <message>
        <source>Password set: links ask for it</source>
        <translation>Passwort gesetzt: Links fragen danach</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) of the selected files running. Stop sharing them and cancel the downloads?</source>
        <translation>
            <numerusform>Ein Download der ausgewählten Dateien läuft. Freigabe beenden und den Download abbrechen?</numerusform>
            <numerusform>%n Downloads der ausgewählten Dateien laufen. Freigabe beenden und die Downloads abbrechen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop sharing?</source>
        <translation>Freigabe beenden?</translation>
    </message>
    <message>
        <source>&amp;Stop sharing</source>
        <translation>Freigabe &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Keep sharing</source>
        <translation>&amp;Weiter freigeben</translation>
    </message>
    <message>
        <source>No link to copy: the server is stopped</source>
        <translation>Kein Link zum Kopieren: der Server ist gestoppt</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n link(s)</source>
        <translation>
            <numerusform>%n Link kopiert</numerusform>
            <numerusform>%n Links kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>No SHA-256 to copy yet: it is still being computed</source>
        <translation>Noch keine SHA-256 zum Kopieren: sie wird noch berechnet</translation>
    </message>
    <message numerus="yes">
        <source>Copied the SHA-256 of %n file(s)</source>
        <translation>
            <numerusform>SHA-256 von %n Datei kopiert</numerusform>
            <numerusform>SHA-256 von %n Dateien kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Li&amp;mits…</source>
        <translation>Li&amp;mits…</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 Dateien</translation>
    </message>
</context>
<context>
    <name>Sluice::TransferModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>stockt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>segment closed by the client</source>
        <translation>Segment vom Client geschlossen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>whole file</source>
        <translation>ganze Datei</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1, port %2</source>
        <translation>%1, Port %2</translation>
    </message>
    <message>
        <source>Paused here: Sluice sends nothing and does not drop the connection for being quiet, but the client may give up on its own after a while.</source>
        <translation>Hier angehalten: Sluice sendet nichts und trennt die Verbindung nicht wegen Stille, aber der Client kann nach einer Weile von sich aus aufgeben.</translation>
    </message>
    <message>
        <source>The client closed this connection early while it went on downloading the file on another one (a browser&apos;s first request, or one segment of a download manager): the download itself did not fail.</source>
        <translation>Der Client hat diese Verbindung vorzeitig geschlossen, während er die Datei über eine andere weiter herunterlud (die erste Anfrage eines Browsers oder ein Segment eines Download-Managers): der Download selbst ist nicht fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
</context>
<context>
    <name>Sluice::TransfersPanel</name>
    <message>
        <source>&amp;Cancel transfer</source>
        <translation>Übertragung &amp;abbrechen</translation>
    </message>
    <message>
        <source>Cl&amp;ear finished</source>
        <translation>&amp;Fertige entfernen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Block client</source>
        <translation>Client &amp;sperren</translation>
    </message>
    <message>
        <source>&amp;Unblock client</source>
        <translation>Client &amp;entsperren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Unblock %1</source>
        <translation>%1 entsperren</translation>
    </message>
    <message>
        <source>Blocked clients</source>
        <translation>Gesperrte Clients</translation>
    </message>
    <message>
        <source>Blocked clients (%1)</source>
        <translation>Gesperrte Clients (%1)</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>client gone</source>
        <translation>Client weg</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>TransfersPanel</name>
    <message>
        <source>&amp;Transfers</source>
        <translation>Über&amp;tragungen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Cancel the selected transfers (Delete)</source>
        <translation>Die ausgewählten Übertragungen abbrechen (Entf)</translation>
    </message>
    <message>
        <source>Cl&amp;ear finished</source>
        <translation>&amp;Fertige entfernen</translation>
    </message>
    <message>
        <source>Remove finished transfers from the list</source>
        <translation>Beendete Übertragungen aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Pause the selected transfers, or resume them (Ctrl+P)</source>
        <translation>Die ausgewählten Übertragungen anhalten oder fortsetzen (Strg+P)</translation>
    </message>
    <message>
        <source>&amp;Block client</source>
        <translation>Client &amp;sperren</translation>
    </message>
    <message>
        <source>Drop the selected clients&apos; connections and refuse them until unblocked or Sluice quits</source>
        <translation>Die Verbindungen der ausgewählten Clients trennen und sie abweisen, bis sie entsperrt werden oder Sluice beendet wird</translation>
    </message>
    <message>
        <source>Blocked clients</source>
        <translation>Gesperrte Clients</translation>
    </message>
    <message>
        <source>Blocked addresses: choose one to unblock it</source>
        <translation>Gesperrte Adressen: wählen Sie eine, um sie zu entsperren</translation>
    </message>
</context>
<context>
    <name>ZipLayout</name>
    <message>
        <source>the archive would be larger than 8 EiB, the most a ZIP64 archive served over HTTP can hold</source>
        <translation>das Archiv wäre größer als 8 EiB, das Höchste, was ein über HTTP ausgeliefertes ZIP64-Archiv fassen kann</translation>
    </message>
</context>
</TS>
