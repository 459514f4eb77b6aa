<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Duplex::ClientLogModel</name>
    <message numerus="yes">
        <source>[binary, %n byte(s)] </source>
        <translation>
            <numerusform>[binary, %n byte] </numerusform>
            <numerusform>[binary, %n bytes] </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::ClientTab</name>
    <message numerus="yes">
        <source>Simulating %n client(s) against %1: %2-byte messages for %3 s…</source>
        <translation>
            <numerusform>Simulating %n client against %1: %2-byte messages for %3 s…</numerusform>
            <numerusform>Simulating %n clients against %1: %2-byte messages for %3 s…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::FrameInspector</name>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n key}</numerusform>
            <numerusform>{%n keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n binary frame(s) follow</source>
        <translation>
            <numerusform>%n binary frame follows</numerusform>
            <numerusform>%n binary frames follow</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… %n more</numerusform>
            <numerusform>… %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::HistoryStore</name>
    <message numerus="yes">
        <source>%n event(s) not stored: the disk fell behind</source>
        <translation>
            <numerusform>%n event not stored: the disk fell behind</numerusform>
            <numerusform>%n events not stored: the disk fell behind</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::Hub</name>
    <message numerus="yes">
        <source>%n event(s) not shown: the observer fell behind</source>
        <translation>
            <numerusform>%n event not shown: the observer fell behind</numerusform>
            <numerusform>%n events not shown: the observer fell behind</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::MainWindow</name>
    <message numerus="yes">
        <source>Exported %n stored row(s) to %1</source>
        <translation>
            <numerusform>Exported %n stored row to %1</numerusform>
            <numerusform>Exported %n stored rows to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation>
            <numerusform>Exported %n row to %1</numerusform>
            <numerusform>Exported %n rows to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing %n stored row(s) from earlier runs</source>
        <translation>
            <numerusform>Showing %n stored row from earlier runs</numerusform>
            <numerusform>Showing %n stored rows from earlier runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) with faults of their own</source>
        <translation>
            <numerusform>%n connection with faults of its own</numerusform>
            <numerusform>%n connections with faults of their own</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::ReplayDialog</name>
    <message numerus="yes">
        <source>Done: %n answer(s), every one as recorded.</source>
        <translation>
            <numerusform>Done: %n answer, as recorded.</numerusform>
            <numerusform>Done: %n answers, every one as recorded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (%n message(s))</source>
        <translation>
            <numerusform>%1: %2 (%n message)</numerusform>
            <numerusform>%1: %2 (%n messages)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) differ</source>
        <translation>
            <numerusform>%n answer differs</numerusform>
            <numerusform>%n answers differ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recorded answer(s) did not come</source>
        <translation>
            <numerusform>%n recorded answer did not come</numerusform>
            <numerusform>%n recorded answers did not come</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::RuleEditor</name>
    <message numerus="yes">
        <source>Sends %n byte(s) to %1: %2</source>
        <translation>
            <numerusform>Sends %n byte to %1: %2</numerusform>
            <numerusform>Sends %n bytes to %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::ScriptHost</name>
    <message numerus="yes">
        <source>%n console line(s) not shown: more than %1 a second</source>
        <translation>
            <numerusform>%n console line not shown: more than %1 a second</numerusform>
            <numerusform>%n console lines not shown: more than %1 a second</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::SettingsDialog</name>
    <message numerus="yes">
        <source>This computer has %n CPU core(s). A further network thread takes connections once each thread before it serves 128.</source>
        <translation>
            <numerusform>This computer has %n CPU core. A further network thread takes connections once each thread before it serves 128.</numerusform>
            <numerusform>This computer has %n CPU cores. A further network thread takes connections once each thread before it serves 128.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::TrafficGraph</name>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::WebSocketClient</name>
    <message numerus="yes">
        <source>%n ms</source>
        <translation>
            <numerusform>%n ms</numerusform>
            <numerusform>%n ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>reconnecting in %n s</numerusform>
            <numerusform>reconnecting in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server did not answer the close frame within %n ms</source>
        <translation>
            <numerusform>the server did not answer the close frame within %n ms</numerusform>
            <numerusform>the server did not answer the close frame within %n ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>timed out after %n ms without a connection</source>
        <translation>
            <numerusform>timed out after %n ms without a connection</numerusform>
            <numerusform>timed out after %n ms without a connection</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayloadFormat</name>
    <message numerus="yes">
        <source>… %n more byte(s)</source>
        <translation>
            <numerusform>… %n more byte</numerusform>
            <numerusform>… %n more bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message numerus="yes">
        <source>replaying %n message(s) to %1</source>
        <translation>
            <numerusform>replaying %n message to %1</numerusform>
            <numerusform>replaying %n messages to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>replayed %n message(s); every answer as recorded</source>
        <translation>
            <numerusform>replayed %n message; every answer as recorded</numerusform>
            <numerusform>replayed %n messages; every answer as recorded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>replayed %n message(s)</source>
        <translation>
            <numerusform>replayed %n message</numerusform>
            <numerusform>replayed %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerCommandLine</name>
    <message numerus="yes">
        <source>%n rule(s) from %1</source>
        <translation>
            <numerusform>%n rule from %1</numerusform>
            <numerusform>%n rules from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rules reloaded: %n rule(s) from %1</source>
        <translation>
            <numerusform>Rules reloaded: %n rule from %1</numerusform>
            <numerusform>Rules reloaded: %n rules from %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message numerus="yes">
        <source>[binary %n bytes]</source>
        <translation>
            <numerusform>[binary %n byte]</numerusform>
            <numerusform>[binary %n bytes]</numerusform>
        </translation>
    </message>
</context>
</TS>
