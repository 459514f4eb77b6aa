<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Duplex::ChatProtocol</name>
    <message>
        <source>Expected a JSON object with a &quot;type&quot; field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message needs a &quot;text&quot; string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name must have 1 to 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown message type &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duplex::EventFormatter</name>
    <message>
        <source>client %1 connected from %2 path %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(opcode %1, fin %2, %n byte(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>client %1 answered a ping: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 said: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent to client %1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 disconnected (code %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 disconnected (code %2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client %1 error: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duplex::HttpFrontend</name>
    <message>
        <source>Only GET is allowed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such API route.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only GET and HEAD are allowed for files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forbidden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duplex::Hub</name>
    <message>
        <source>round trip %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) not shown: the observer fell behind</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::Listener</name>
    <message>
        <source>no complete request within %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request head over %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duplex::Server</name>
    <message>
        <source>Server shutting down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am the server. I received your message. You said: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duplex::ServerCore</name>
    <message>
        <source>The server is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropped %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerCommandLine</name>
    <message>
        <source>Duplex WebSocket chat server: one port serves the chat page over HTTP and takes WebSocket connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address to listen on (default 127.0.0.1; * for all).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port to listen on (default 8090; 0 picks a free one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do with messages: echo, broadcast or raw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve files from this folder instead of the built-in chat page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo reply template; {text}, {id}, {name} and {time} are filled in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not log connections and messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also log the frames the server sends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log format: text or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest message a client may send, in bytes (default 1 MiB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of messages, e.g. en or zh_CN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid address &quot;%1&quot;: give an IPv4 or IPv6 address such as 127.0.0.1 or ::1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid port &quot;%1&quot;: give a number from 0 to 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid mode &quot;%1&quot;: use echo, broadcast or raw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document root &quot;%1&quot; is not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid message size &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid log format &quot;%1&quot;: use text or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplex listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shutting down: closing every connection with 1001</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
