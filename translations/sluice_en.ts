<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SharePage</name>
    <message numerus="yes">
        <source>Contents: %n file(s)</source>
        <translation>
            <numerusform>Contents: %n file</numerusform>
            <numerusform>Contents: %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::MainWindow</name>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform>
            <numerusform>%n active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) running. Quitting stops them.</source>
        <translation>
            <numerusform>A download is running. Quitting stops it.</numerusform>
            <numerusform>%n downloads are running. Quitting stops them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::NotificationPacer</name>
    <message numerus="yes">
        <source>%n problems need your attention</source>
        <translation>
            <numerusform>A problem needs your attention</numerusform>
            <numerusform>%n problems need your attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n downloads completed</source>
        <translation>
            <numerusform>%n download completed</numerusform>
            <numerusform>%n downloads completed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::Notifier</name>
    <message numerus="yes">
        <source>Sluice: %n active transfer(s)</source>
        <translation>
            <numerusform>Sluice: %n active transfer</numerusform>
            <numerusform>Sluice: %n active transfers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::ServerPanel</name>
    <message numerus="yes">
        <source>%n download(s) running; they will be stopped.</source>
        <translation>
            <numerusform>A download is running; it will be stopped.</numerusform>
            <numerusform>%n downloads are running; they will be stopped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n address(es)</source>
        <translation>
            <numerusform>%n address</numerusform>
            <numerusform>%n addresses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Serving %n file(s) on %1, port %2</source>
        <translation>
            <numerusform>Serving %n file on %1, port %2</numerusform>
            <numerusform>Serving %n files on %1, port %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) running.</source>
        <translation>
            <numerusform>A download is running.</numerusform>
            <numerusform>%n downloads are running.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::ShareModel</name>
    <message numerus="yes">
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>%n file, %1</numerusform>
            <numerusform>%n files, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sluice::SharesPanel</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) of the selected files running. Stop sharing them and cancel the downloads?</source>
        <translation>
            <numerusform>A download of the selected files is running. Stop sharing them and cancel it?</numerusform>
            <numerusform>%n downloads of the selected files are running. Stop sharing them and cancel them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n link(s)</source>
        <translation>
            <numerusform>Copied %n link</numerusform>
            <numerusform>Copied %n links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied the SHA-256 of %n file(s)</source>
        <translation>
            <numerusform>Copied the SHA-256 of %n file</numerusform>
            <numerusform>Copied the SHA-256 of %n files</numerusform>
        </translation>
    </message>
</context>
</TS>
