<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppCommandLine</name>
    <message>
        <source>Duplex: a WebSocket chat server you can watch.</source>
        <translation>Duplex：一个可观察的 WebSocket 聊天服务器。</translation>
    </message>
    <message>
        <source>Address to listen on for this run.</source>
        <translation>本次运行监听的地址。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port to listen on for this run (0 picks a free one).</source>
        <translation>本次运行监听的端口（0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>echo, broadcast or raw, for this run.</source>
        <translation>本次运行的模式：echo、broadcast 或 raw。</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Language: en or zh_CN.</source>
        <translation>语言：en 或 zh_CN。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Invalid address &quot;%1&quot;.</source>
        <translation>无效的地址“%1”。</translation>
    </message>
    <message>
        <source>Invalid port &quot;%1&quot;: give a number from 0 to 65535.</source>
        <translation>无效的端口“%1”：请输入 0 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Invalid mode &quot;%1&quot;: use echo, broadcast or raw.</source>
        <translation>无效的模式“%1”：请使用 echo、broadcast 或 raw。</translation>
    </message>
</context>
<context>
    <name>BenchCommandLine</name>
    <message>
        <source>Duplex load generator: opens N WebSocket connections spread over several threads; each sends a message, waits for its echo, checks that it is byte-identical and sends the next. The first second is a warm-up and is not counted. The server must return every frame unchanged (duplex-server --mode raw; or --binary against echo mode).

Exit codes: 0 every message came back intact, 1 errors, lost or mismatched messages, 2 bad arguments, 3 no connection could be opened.</source>
        <translation>Duplex 压力测试工具：打开 N 个 WebSocket 连接，分布在多个线程上；每个连接发送一条消息，等待回显，检查其逐字节一致后再发送下一条。第一秒为预热，不计入结果。服务端必须原样返回每一帧（duplex-server --mode raw；或在 echo 模式下使用 --binary）。

退出码：0 所有消息均完整返回，1 出现错误、丢失或不一致的消息，2 参数错误，3 无法建立任何连接。</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>子命令。</translation>
    </message>
    <message>
        <source>The server, e.g. ws://127.0.0.1:8090/.</source>
        <translation>服务端地址，例如 ws://127.0.0.1：8090/。</translation>
    </message>
    <message>
        <source>Number of connections (default 100).</source>
        <translation>连接数（默认 100）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Bytes per message (default 16).</source>
        <translation>每条消息的字节数（默认 16）。</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Seconds to measure, after the warm-up (default 10).</source>
        <translation>预热之后的测量秒数（默认 10）。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>Milliseconds of warm-up, not counted (default 1000).</source>
        <translation>预热毫秒数，不计入结果（默认 1000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Event loops on threads of their own (default: one per core).</source>
        <translation>各自独立线程上的事件循环数（默认每个 CPU 核心一个）。</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Send binary frames instead of text.</source>
        <translation>发送二进制帧而不是文本帧。</translation>
    </message>
    <message>
        <source>Print the result as one JSON line on standard output.</source>
        <translation>在标准输出上以一行 JSON 打印结果。</translation>
    </message>
    <message>
        <source>No progress lines on standard error.</source>
        <translation>不在标准错误上打印进度。</translation>
    </message>
    <message>
        <source>Give exactly one URL after &quot;bench&quot;, e.g. ws://127.0.0.1:8090/ (see bench --help).</source>
        <translation>请在 &quot;bench&quot; 之后给出且仅给出一个 URL，例如 ws://127.0.0.1：8090/（参见 bench --help）。</translation>
    </message>
    <message>
        <source>Invalid URL &quot;%1&quot;: use ws://host:port/path or wss://…</source>
        <translation>无效的 URL“%1”：请使用 ws://host:port/path 或 wss://…</translation>
    </message>
    <message>
        <source>Invalid --connections &quot;%1&quot;: give a number from 1 to 100000.</source>
        <translation>无效的 --connections &quot;%1&quot;：请给出 1 到 100000 之间的数字。</translation>
    </message>
    <message>
        <source>Invalid --size &quot;%1&quot;: give a number of bytes up to 64 MiB.</source>
        <translation>无效的 --size &quot;%1&quot;：请给出不超过 64 MiB 的字节数。</translation>
    </message>
    <message>
        <source>Invalid --duration &quot;%1&quot;: give a number of seconds from 1 to 3600.</source>
        <translation>无效的 --duration &quot;%1&quot;：请给出 1 到 3600 之间的秒数。</translation>
    </message>
    <message>
        <source>Invalid --warmup &quot;%1&quot;: give a number of milliseconds up to 60000.</source>
        <translation>无效的 --warmup &quot;%1&quot;：请给出不超过 60000 的毫秒数。</translation>
    </message>
    <message>
        <source>Invalid --threads &quot;%1&quot;: give a number from 1 to 256.</source>
        <translation>无效的 --threads &quot;%1&quot;：请给出 1 到 256 之间的数字。</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>warming up</source>
        <translation>预热中</translation>
    </message>
    <message>
        <source>measuring</source>
        <translation>测量中</translation>
    </message>
    <message>
        <source>finishing</source>
        <translation>收尾中</translation>
    </message>
    <message>
        <source>%1 s %2: %3 open, %4 msg/s, errors %5, mismatches %6</source>
        <translation>%1 秒 %2：%3 个连接打开，%4 条消息/秒，错误 %5，不一致 %6</translation>
    </message>
</context>
<context>
    <name>BenchReport</name>
    <message>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>%1: %2 connections (%3 open) on %4 threads, %5-byte %6 messages, %7 s measured</source>
        <translation>%1：%2 个连接（%3 个已打开），%4 个线程，%5 字节的%6消息，测量 %7 秒</translation>
    </message>
    <message>
        <source>messages per second: %1 (%2 messages)</source>
        <translation>每秒消息数：%1（共 %2 条消息）</translation>
    </message>
    <message>
        <source>latency: p50 %1 ms, p99 %2 ms, max %3 ms</source>
        <translation>延迟：p50 %1 毫秒，p99 %2 毫秒，最大 %3 毫秒</translation>
    </message>
    <message>
        <source>errors %1, mismatches %2, lost %3 (sent %4, echoed %5)</source>
        <translation>错误 %1，不一致 %2，丢失 %3（已发送 %4，已回显 %5）</translation>
    </message>
</context>
<context>
    <name>ClientCommandLine</name>
    <message>
        <source>Send this text message, print the replies, then exit.</source>
        <translation>发送这条文本消息，打印回复，然后退出。</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Send the file&apos;s content as one binary message (text with --text), print the replies, then exit.</source>
        <translation>将文件内容作为一条二进制消息发送（加 --text 则作为文本消息），打印回复，然后退出。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>With --send-file: send the file as a text message.</source>
        <translation>与 --send-file 一起使用：将文件作为文本消息发送。</translation>
    </message>
    <message>
        <source>After sending (or at the end of input), close after this many milliseconds without a message (default 1000).</source>
        <translation>发送后（或输入结束后），若在这么多毫秒内没有收到消息则关闭连接（默认 1000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Ask for this subprotocol, e.g. duplex.v1 (repeatable).</source>
        <translation>请求此子协议，例如 duplex.v1（可重复指定）。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add a request header, e.g. &quot;User-Agent: me&quot; (repeatable).</source>
        <translation>添加请求头，例如 &quot;User-Agent: me&quot;（可重复指定）。</translation>
    </message>
    <message>
        <source>K: V</source>
        <translation>K: V</translation>
    </message>
    <message>
        <source>Send this Origin header.</source>
        <translation>发送此 Origin 请求头。</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Accept any TLS certificate (wss:// to a self-signed server).</source>
        <translation>接受任何 TLS 证书（用于以 wss:// 连接使用自签名证书的服务器）。</translation>
    </message>
    <message>
        <source>Print only the received messages (binary as hex), without timestamps: for scripts.</source>
        <translation>只打印收到的消息（二进制以十六进制显示），不带时间戳：供脚本使用。</translation>
    </message>
    <message>
        <source>Give exactly one URL, e.g. ws://127.0.0.1:8090/ (see --help).</source>
        <translation>请只提供一个 URL，例如 ws://127.0.0.1:8090/（参见 --help）。</translation>
    </message>
    <message>
        <source>Invalid URL &quot;%1&quot;: use ws://host:port/path or wss://…</source>
        <translation>无效的 URL“%1”：请使用 ws://host:port/path 或 wss://…</translation>
    </message>
    <message>
        <source>Give either --send or --send-file, not both.</source>
        <translation>--send 和 --send-file 只能二选一。</translation>
    </message>
    <message>
        <source>--text only applies to --send-file.</source>
        <translation>--text 仅适用于 --send-file。</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is larger than %2 MiB.</source>
        <translation>“%1”大于 %2 MiB。</translation>
    </message>
    <message>
        <source>Invalid --wait &quot;%1&quot;: give a number of milliseconds.</source>
        <translation>无效的 --wait 值“%1”：请输入毫秒数。</translation>
    </message>
    <message>
        <source>Invalid header &quot;%1&quot;: use &quot;Name: value&quot;.</source>
        <translation>无效的请求头“%1”：请使用 &quot;Name: value&quot; 格式。</translation>
    </message>
    <message>
        <source>Duplex WebSocket client: each line typed on standard input is sent as a text message; replies are printed as they arrive.

Output: &quot;&lt; &quot; received, &quot;&gt; &quot; sent, &quot;* &quot; connection events.

Exit codes:
  0  success (input ended, or --send finished)
  2  bad arguments
  3  could not connect (refused, handshake failed, or no connection within 10 s)
  4  the server closed the connection while we still wanted to talk (the close code is printed on stderr); while waiting for replies only a close code other than 1000 counts

Commands (typed on a terminal, or with --slash):
  /ping [text]            send a ping
  /close [code [reason]]  close with this code (1000 by default)
  /help                   list the commands
  //text                  send &quot;/text&quot; as a message</source>
        <translation>Duplex WebSocket 客户端：从标准输入键入的每一行都作为文本消息发送；收到的回复随到随打印。

输出：“&lt; ”为收到，“&gt; ”为发出，“* ”为连接事件。

退出码：
  0  成功（输入结束，或 --send 完成）
  2  参数有误
  3  无法连接（被拒绝、握手失败，或 10 秒内未连上）
  4  在我们还要通信时服务器关闭了连接（关闭码打印在 stderr）；等待回复期间只有非 1000 的关闭码才算

命令（在终端中键入，或使用 --slash）：
  /ping [文本]            发送 ping
  /close [关闭码 [原因]]  以该关闭码关闭（默认 1000）
  /help                   列出命令
  //文本                  把“/文本”作为消息发送</translation>
    </message>
    <message>
        <source>Treat input lines starting with / as commands (/ping, /close) even when standard input is not a terminal.</source>
        <translation>即使标准输入不是终端，也把以 / 开头的输入行当作命令（/ping、/close）。</translation>
    </message>
    <message>
        <source>Send a ping every this many seconds while connected (0: never, the default).</source>
        <translation>连接期间每隔这么多秒发送一次 ping（0 为从不，默认）。</translation>
    </message>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Close with this code when done (1000 by default; 1000-1003, 1007-1014 or 3000-4999).</source>
        <translation>结束时以此关闭码关闭（默认 1000；可用 1000-1003、1007-1014 或 3000-4999）。</translation>
    </message>
    <message>
        <source>code</source>
        <translation>关闭码</translation>
    </message>
    <message>
        <source>Close with this reason when done (at most 123 bytes).</source>
        <translation>结束时附带此关闭原因（最多 123 字节）。</translation>
    </message>
    <message>
        <source>Invalid --ping-interval &quot;%1&quot;: give a number of seconds (0 for none).</source>
        <translation>无效的 --ping-interval“%1”：请给出秒数（0 表示不发送）。</translation>
    </message>
    <message>
        <source>Invalid close code &quot;%1&quot;: use 1000-1003, 1007-1014 or 3000-4999.</source>
        <translation>无效的关闭码“%1”：请使用 1000-1003、1007-1014 或 3000-4999。</translation>
    </message>
    <message>
        <source>The server, e.g. ws://127.0.0.1:8090/chat?name=alice (optional with --profile).</source>
        <translation>服务器，例如 ws://127.0.0.1:8090/chat?name=alice（使用 --profile 时可省略）。</translation>
    </message>
    <message>
        <source>[url]</source>
        <translation>[URL]</translation>
    </message>
    <message>
        <source>Use a connection profile saved in the desktop app&apos;s built-in client (URL, subprotocol, headers, token, options); a URL given too replaces the profile&apos;s.</source>
        <translation>使用桌面应用内置客户端中保存的连接配置（URL、子协议、请求头、令牌、选项）；同时给出的 URL 会替换配置中的 URL。</translation>
    </message>
    <message>
        <source>No profile &quot;%1&quot;: the desktop app has no saved profiles.</source>
        <translation>没有名为“%1”的配置：桌面应用还没有保存任何配置。</translation>
    </message>
    <message>
        <source>No profile &quot;%1&quot;; saved profiles: %2.</source>
        <translation>没有名为“%1”的配置；已保存的配置：%2。</translation>
    </message>
    <message>
        <source>Offer permessage-deflate compression (RFC 7692); the connection line says whether the server agreed.</source>
        <translation>提供 permessage-deflate 压缩（RFC 7692）；连接行会说明服务器是否同意。</translation>
    </message>
</context>
<context>
    <name>Duplex::AccessPolicy</name>
    <message>
        <source>missing or wrong access token</source>
        <translation>访问令牌缺失或错误</translation>
    </message>
    <message>
        <source>origin %1 is not allowed</source>
        <translation>不允许来源 %1</translation>
    </message>
    <message>
        <source>connection limit of %1 reached</source>
        <translation>已达到 %1 个连接的上限</translation>
    </message>
</context>
<context>
    <name>Duplex::CertificateMaker</name>
    <message>
        <source>Browsers warn about a self-signed certificate until you trust it. Either open the page once and accept the warning, or trust the certificate:
• Chromium and Chrome: Settings → Privacy and security → Security → Manage certificates → Authorities → Import %1
• Firefox: Settings → Privacy &amp; Security → Certificates → View Certificates → Authorities → Import
• Debian, for the whole system: sudo cp %1 /usr/local/share/ca-certificates/duplex-localhost.crt &amp;&amp; sudo update-ca-certificates
• duplex-client: add --insecure.</source>
        <translation>在您信任自签名证书之前，浏览器会发出警告。可以先打开一次页面并接受警告，或者信任该证书：
• Chromium 和 Chrome：设置 → 隐私和安全 → 安全 → 管理证书 → 授权机构 → 导入 %1
• Firefox：设置 → 隐私与安全 → 证书 → 查看证书 → 证书颁发机构 → 导入
• Debian 全系统：sudo cp %1 /usr/local/share/ca-certificates/duplex-localhost.crt &amp;&amp; sudo update-ca-certificates
• duplex-client：加上 --insecure。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot run openssl (%1). Install it with: sudo apt-get install openssl</source>
        <translation>无法运行 openssl（%1）。请用以下命令安装：sudo apt-get install openssl</translation>
    </message>
    <message>
        <source>openssl failed: %1</source>
        <translation>openssl 失败：%1</translation>
    </message>
    <message>
        <source>openssl wrote no usable certificate to %1.</source>
        <translation>openssl 没有在 %1 写出可用的证书。</translation>
    </message>
</context>
<context>
    <name>Duplex::ChatProtocol</name>
    <message>
        <source>Expected a JSON object with a &quot;type&quot; field.</source>
        <translation>应为带有 &quot;type&quot; 字段的 JSON 对象。</translation>
    </message>
    <message>
        <source>A message needs a &quot;text&quot; string.</source>
        <translation>消息需要一个 &quot;text&quot; 字符串。</translation>
    </message>
    <message>
        <source>A name must have 1 to 64 characters.</source>
        <translation>名称长度必须为 1 到 64 个字符。</translation>
    </message>
    <message>
        <source>Unknown message type &quot;%1&quot;.</source>
        <translation>未知的消息类型“%1”。</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientLogModel</name>
    <message numerus="yes">
        <source>[binary, %n byte(s)] </source>
        <translation>
            <numerusform>[二进制，%n 字节] </numerusform>
        </translation>
    </message>
    <message>
        <source>ping</source>
        <translation>Ping（探测）</translation>
    </message>
    <message>
        <source>ping %1</source>
        <translation>Ping（探测）%1</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>Pong（应答）</translation>
    </message>
    <message>
        <source>pong %1</source>
        <translation>Pong（应答）%1</translation>
    </message>
    <message>
        <source>close %1</source>
        <translation>关闭 %1</translation>
    </message>
    <message>
        <source>[deflate: %1 of %2 bytes]</source>
        <translation>[deflate：%1/%2 字节]</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientPane</name>
    <message>
        <source>New client</source>
        <translation>新建客户端</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientTab</name>
    <message>
        <source>RTT %1 ms</source>
        <translation>往返时间 %1 毫秒</translation>
    </message>
    <message>
        <source>Enter a ws:// or wss:// URL.</source>
        <translation>请输入 ws:// 或 wss:// URL。</translation>
    </message>
    <message>
        <source>Ignored header line without a colon: %1</source>
        <translation>已忽略不含冒号的请求头行：%1</translation>
    </message>
    <message>
        <source>Not valid hex: use pairs of digits 0-9 and a-f, optionally separated by spaces.</source>
        <translation>十六进制无效：请使用 0-9 和 a-f 组成的两位一组的数字，可用空格分隔。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connected (%1)</source>
        <translation>已连接（%1）</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>正在关闭…</translation>
    </message>
    <message>
        <source>Waiting to reconnect…</source>
        <translation>等待重新连接…</translation>
    </message>
    <message>
        <source>Client (port %1)</source>
        <translation>客户端（端口 %1）</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>ws://127.0.0.1:8090/</source>
        <translation>ws://127.0.0.1:8090/</translation>
    </message>
    <message>
        <source>Subprotocol:</source>
        <translation>子协议：</translation>
    </message>
    <message>
        <source>optional, e.g. duplex.v1</source>
        <translation>可选，例如 duplex.v1</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>请求头：</translation>
    </message>
    <message>
        <source>optional, one per line: Name: value</source>
        <translation>可选，每行一个：Name: value</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>发送 Ping</translation>
    </message>
    <message>
        <source>RTT –</source>
        <translation>往返时间 –</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Keep this message in the list below to send it again with one click</source>
        <translation>将此消息保存到下方列表，以便一键再次发送</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Simulate clients</source>
        <translation>模拟客户端</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Binary messages</source>
        <translation>二进制消息</translation>
    </message>
    <message>
        <source>Each client sends a message, waits for it to come back unchanged and sends the next. Raw mode returns every frame; echo mode returns binary frames unchanged but answers text with its reply, which counts as a mismatch. The first second is a warm-up.</source>
        <translation>每个客户端发送一条消息，等待它原样返回后再发送下一条。raw 模式原样返回每一帧；echo 模式原样返回二进制帧，但会用回复语句回答文本消息，这会被计为不一致。第一秒为预热。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务端：</translation>
    </message>
    <message>
        <source>Clients:</source>
        <translation>客户端数：</translation>
    </message>
    <message>
        <source>Message size:</source>
        <translation>消息大小：</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>时长：</translation>
    </message>
    <message numerus="yes">
        <source>Simulating %n client(s) against %1: %2-byte messages for %3 s…</source>
        <translation>
            <numerusform>正在模拟 %n 个客户端访问 %1：%2 字节的消息，持续 %3 秒…</numerusform>
        </translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>warming up</source>
        <translation>预热中</translation>
    </message>
    <message>
        <source>measuring</source>
        <translation>测量中</translation>
    </message>
    <message>
        <source>finishing</source>
        <translation>收尾中</translation>
    </message>
    <message>
        <source>Simulation %1 s, %2: %3 open, %4 messages/s, errors %5, mismatches %6</source>
        <translation>模拟 %1 秒，%2：%3 个连接打开，%4 条消息/秒，错误 %5，不一致 %6</translation>
    </message>
    <message>
        <source>Simulation failed: %1</source>
        <translation>模拟失败：%1</translation>
    </message>
    <message>
        <source>Simulation done: %1 of %2 clients open on %3 threads; %4 messages/s over %5 s; latency p50 %6 ms, p99 %7 ms, max %8 ms; errors %9, mismatches %10, lost %11</source>
        <translation>模拟完成：%2 个客户端中 %1 个已打开，%3 个线程；%5 秒内平均 %4 条消息/秒；延迟 p50 %6 毫秒，p99 %7 毫秒，最大 %8 毫秒；错误 %9，不一致 %10，丢失 %11</translation>
    </message>
    <message>
        <source>Stop simulation</source>
        <translation>停止模拟</translation>
    </message>
    <message>
        <source>Simulate clients…</source>
        <translation>模拟客户端…</translation>
    </message>
    <message>
        <source>Open many connections to this URL and measure messages per second and latency</source>
        <translation>向此 URL 打开大量连接，测量每秒消息数和延迟</translation>
    </message>
    <message>
        <source>Saved messages (double-click to send):</source>
        <translation>已保存的消息（双击即发送）：</translation>
    </message>
    <message>
        <source>Auto-reconnect</source>
        <translation>自动重连</translation>
    </message>
    <message>
        <source>tick &quot;Ignore certificate errors&quot; to accept it</source>
        <translation>勾选“忽略证书错误”即可接受它</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Save connection profile</source>
        <translation>保存连接配置</translation>
    </message>
    <message>
        <source>Name (the URL, subprotocol, headers, token and options are kept):</source>
        <translation>名称（会保存 URL、子协议、请求头、令牌和选项）：</translation>
    </message>
    <message>
        <source>Close with code and reason</source>
        <translation>以关闭码和原因关闭</translation>
    </message>
    <message>
        <source>1000 normal, 1001 going away, 1008 policy violation, 1011 server error; 3000-4999 for applications. The reason takes at most 123 bytes.</source>
        <translation>1000 正常，1001 离开，1008 违反策略，1011 服务器错误；3000-4999 供应用程序使用。原因最多 123 字节。</translation>
    </message>
    <message>
        <source>Close connection</source>
        <translation>关闭连接</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <translation>以十六进制复制</translation>
    </message>
    <message>
        <source>Copy all lines</source>
        <translation>复制全部行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Log every simulated message (fills the message log)</source>
        <translation>记录每条模拟消息（会占满消息日志）</translation>
    </message>
    <message>
        <source>Off: this server counts the simulated traffic in the graph and the statistics and logs one summary, not each frame</source>
        <translation>关闭时：本服务器把模拟流量计入流量图和统计，只记录一条汇总，而不是每一帧</translation>
    </message>
    <message>
        <source> · certificates not checked</source>
        <translation> · 未校验证书</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Saved connections: URL, subprotocol, headers, token and options</source>
        <translation>已保存的连接：URL、子协议、请求头、令牌和选项</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Keep this connection&apos;s settings as a profile</source>
        <translation>把此连接的设置保存为配置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Sent as &quot;Authorization: Bearer …&quot;</source>
        <translation>以“Authorization: Bearer …”请求头发送</translation>
    </message>
    <message>
        <source>Close with a code and reason of your choice</source>
        <translation>以自选的关闭码和原因关闭</translation>
    </message>
    <message>
        <source>Close with code and reason…</source>
        <translation>以关闭码和原因关闭…</translation>
    </message>
    <message>
        <source>Ignore certificate errors</source>
        <translation>忽略证书错误</translation>
    </message>
    <message>
        <source>Accept any certificate on wss:// (self-signed, expired, another host&apos;s). Only for servers you trust; this server&apos;s own certificate is trusted without it.</source>
        <translation>在 wss:// 上接受任何证书（自签名、已过期、属于其他主机的）。只用于你信任的服务器；本服务器自己的证书无需勾选即受信任。</translation>
    </message>
    <message>
        <source>Message; Enter sends, Shift+Enter starts a new line</source>
        <translation>消息；回车发送，Shift+回车换行</translation>
    </message>
    <message>
        <source>Format as JSON (indented)</source>
        <translation>格式化为 JSON（缩进）</translation>
    </message>
    <message>
        <source>Ping every:</source>
        <translation>Ping 间隔：</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Ping the server at this interval while connected</source>
        <translation>连接期间按此间隔向服务器发送 Ping</translation>
    </message>
    <message>
        <source>Select a line to inspect it; right-click to copy</source>
        <translation>选择一行即可查看详情；右键可复制</translation>
    </message>
    <message>
        <source>Not connected: the message is in the editor, send it once connected.</source>
        <translation>未连接：消息已放进编辑框，连接后即可发送。</translation>
    </message>
    <message>
        <source> · compressed</source>
        <translation> · 已压缩</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Offer permessage-deflate compression (RFC 7692); the log says whether the server agreed, and each compressed message its size on the wire</source>
        <translation>提供 permessage-deflate 压缩（RFC 7692）；日志会说明服务器是否同意，以及每条压缩消息在线路上的大小</translation>
    </message>
</context>
<context>
    <name>Duplex::ConnectionsModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 (for %2)</source>
        <translation>%1（已连接 %2）</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1前</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Path and query</source>
        <translation>路径和查询</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>用户代理</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Msgs in</source>
        <translation>入站消息</translation>
    </message>
    <message>
        <source>Msgs out</source>
        <translation>出站消息</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>入站字节</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>出站字节</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>this server</source>
        <translation>本服务器</translation>
    </message>
    <message>
        <source>%1 (this server)</source>
        <translation>%1（本服务器）</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Ping RTT</source>
        <translation>Ping 往返</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Messages go uncompressed (the client did not offer permessage-deflate, or the server has compression off)</source>
        <translation>消息不压缩（客户端没有提出 permessage-deflate，或服务器关闭了压缩）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>deflate</source>
        <translation>deflate</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>压缩</translation>
    </message>
</context>
<context>
    <name>Duplex::DisconnectDialog</name>
    <message>
        <source>Disconnect %1</source>
        <translation>断开%1</translation>
    </message>
    <message>
        <source>1000 Normal closure</source>
        <translation>1000 正常关闭</translation>
    </message>
    <message>
        <source>1001 Going away</source>
        <translation>1001 端点离开</translation>
    </message>
    <message>
        <source>1008 Policy violation</source>
        <translation>1008 违反策略</translation>
    </message>
    <message>
        <source>4000–4999 Application code</source>
        <translation>4000–4999 应用自定义关闭码</translation>
    </message>
    <message>
        <source>Optional, shown to the client</source>
        <translation>可选，会显示给客户端</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>Application code:</source>
        <translation>应用关闭码：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
</context>
<context>
    <name>Duplex::EventFormatter</name>
    <message>
        <source>client %1 connected from %2 path %3</source>
        <translation>客户端 %1 已连接，来自 %2，路径 %3</translation>
    </message>
    <message>
        <source>client %1 answered a ping: %2</source>
        <translation>客户端 %1 响应了 ping：%2</translation>
    </message>
    <message>
        <source>client %1 said: %2 %3</source>
        <translation>客户端 %1 发送：%2 %3</translation>
    </message>
    <message>
        <source>sent to client %1: %2 %3</source>
        <translation>已发送给客户端 %1：%2 %3</translation>
    </message>
    <message>
        <source>client %1 disconnected (code %2)</source>
        <translation>客户端 %1 已断开连接（关闭码 %2）</translation>
    </message>
    <message>
        <source>client %1 disconnected (code %2, %3)</source>
        <translation>客户端 %1 已断开连接（关闭码 %2，%3）</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>client %1 error: %2</source>
        <translation>客户端 %1 出错：%2</translation>
    </message>
    <message>
        <source>(opcode %1, fin %2, %3 bytes)</source>
        <translation>（操作码 %1，fin %2，%3 字节）</translation>
    </message>
    <message>
        <source>%1 [rule &quot;%2&quot;]</source>
        <translation>%1 [规则“%2”]</translation>
    </message>
    <message>
        <source>script: %1</source>
        <translation>脚本：%1</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>(opcode %1, fin %2, %3 bytes, %4 compressed on the wire)</source>
        <translation>（操作码 %1，fin %2，%3 字节，线上压缩后 %4 字节）</translation>
    </message>
</context>
<context>
    <name>Duplex::FaultsDialog</name>
    <message>
        <source>Do not answer pings</source>
        <translation>不应答 Ping</translation>
    </message>
    <message>
        <source>Stop reading from the client (its sends back up)</source>
        <translation>停止读取客户端数据（它发送的数据会积压）</translation>
    </message>
    <message>
        <source>Faults: whole server</source>
        <translation>故障注入：整个服务器</translation>
    </message>
    <message>
        <source>Faults: connection %1</source>
        <translation>故障注入：连接 %1</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> bytes/s</source>
        <translation> 字节/秒</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>The same seed drops and delays the same messages of a connection again</source>
        <translation>相同的种子会让同一连接再次丢弃、延迟相同的消息</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Replies and pushes</source>
        <translation>回复与推送</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>Jitter (up to):</source>
        <translation>抖动（最多）：</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source>Drop:</source>
        <translation>丢弃：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>New handshakes (whole server)</source>
        <translation>新的握手（整个服务器）</translation>
    </message>
    <message>
        <source>Refuse with HTTP status:</source>
        <translation>以 HTTP 状态码拒绝：</translation>
    </message>
    <message>
        <source>Share of attempts:</source>
        <translation>占尝试的比例：</translation>
    </message>
    <message>
        <source>Retry-After:</source>
        <translation>Retry-After：</translation>
    </message>
    <message>
        <source>Delay every handshake:</source>
        <translation>每次握手延迟：</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Break the network on purpose to see how clients cope. Faults act on this server&apos;s own connections; the log marks frames a fault delayed or dropped.</source>
        <translation>故意制造网络故障，看看客户端如何应对。故障只作用于本服务器自己的连接；日志会标出被故障延迟或丢弃的帧。</translation>
    </message>
    <message>
        <source>These faults apply to this connection only and win over the server&apos;s.</source>
        <translation>这些故障只作用于此连接，并优先于服务器范围的设置。</translation>
    </message>
    <message>
        <source>No fault.</source>
        <translation>没有故障。</translation>
    </message>
    <message>
        <source>Apply: %1</source>
        <translation>将应用：%1</translation>
    </message>
</context>
<context>
    <name>Duplex::FrameInspector</name>
    <message>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>布尔值</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n 个键}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n 项]</numerusform>
        </translation>
    </message>
    <message>
        <source>A binary message: see the Hex tab.</source>
        <translation>这是二进制消息：请查看“十六进制”页。</translation>
    </message>
    <message>
        <source>Over %1 MiB: not parsed as JSON.</source>
        <translation>超过 %1 MiB：不作为 JSON 解析。</translation>
    </message>
    <message>
        <source>(root)</source>
        <translation>（根）</translation>
    </message>
    <message>
        <source>Not JSON (%1); the text as it is:</source>
        <translation>不是 JSON（%1）；原文如下：</translation>
    </message>
    <message>
        <source>Engine.IO packet</source>
        <translation>Engine.IO 包</translation>
    </message>
    <message>
        <source>Socket.IO packet</source>
        <translation>Socket.IO 包</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Acknowledgement id</source>
        <translation>确认 ID</translation>
    </message>
    <message>
        <source>Binary attachments</source>
        <translation>二进制附件</translation>
    </message>
    <message numerus="yes">
        <source>%n binary frame(s) follow</source>
        <translation>
            <numerusform>后续 %n 个二进制帧</numerusform>
        </translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… 还有 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Select a row to see the whole frame</source>
        <translation>选择一行以查看完整的帧</translation>
    </message>
</context>
<context>
    <name>Duplex::HistoryStore</name>
    <message>
        <source>The Qt SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is not installed.</source>
        <translation>未安装 Qt 的 SQLite 驱动（QSQLITE，Debian 软件包 libqt6sql6-sqlite）。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Cannot switch the database to WAL mode</source>
        <translation>无法将数据库切换到 WAL 模式</translation>
    </message>
    <message>
        <source>Cannot prepare the database</source>
        <translation>无法初始化数据库</translation>
    </message>
    <message>
        <source>Cannot write the history</source>
        <translation>无法写入历史记录</translation>
    </message>
    <message>
        <source>Cannot write the message log</source>
        <translation>无法写入消息日志</translation>
    </message>
    <message>
        <source>Cannot write the chat history</source>
        <translation>无法写入聊天记录</translation>
    </message>
    <message>
        <source>The history database is not open.</source>
        <translation>历史记录数据库未打开。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the message log</source>
        <translation>无法读取消息日志</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) not stored: the disk fell behind</source>
        <translation>
            <numerusform>%n 个事件未能保存：磁盘写入跟不上</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Duplex::HttpFrontend</name>
    <message>
        <source>Only GET is allowed here.</source>
        <translation>此处只允许 GET 请求。</translation>
    </message>
    <message>
        <source>No such API route.</source>
        <translation>不存在此 API 路由。</translation>
    </message>
    <message>
        <source>Only GET and HEAD are allowed for files.</source>
        <translation>文件只允许 GET 和 HEAD 请求。</translation>
    </message>
    <message>
        <source>Forbidden.</source>
        <translation>禁止访问。</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>Missing or wrong access token.</source>
        <translation>访问令牌缺失或错误。</translation>
    </message>
    <message>
        <source>Use GET or PUT here.</source>
        <translation>此处只允许 GET 或 PUT 请求。</translation>
    </message>
    <message>
        <source>The rules were not changed: %1</source>
        <translation>规则未更改：%1</translation>
    </message>
    <message>
        <source>Use POST here.</source>
        <translation>这里请使用 POST。</translation>
    </message>
    <message>
        <source>The faults were not changed: %1</source>
        <translation>故障设置未更改：%1</translation>
    </message>
    <message>
        <source>the body must be a JSON object</source>
        <translation>请求体必须是 JSON 对象</translation>
    </message>
    <message>
        <source>No connection %1.</source>
        <translation>没有连接 %1。</translation>
    </message>
    <message>
        <source>The body is not JSON: %1 at byte %2</source>
        <translation>请求体不是 JSON：第 %2 字节处%1</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>请求体必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>Give either &quot;text&quot; or &quot;hex&quot; (a string).</source>
        <translation>请给出“text”或“hex”之一（字符串）。</translation>
    </message>
    <message>
        <source>&quot;hex&quot; must be pairs of hex digits.</source>
        <translation>“hex”必须是成对的十六进制数字。</translation>
    </message>
    <message>
        <source>The history is off: nothing is recorded to export.</source>
        <translation>历史记录已关闭：没有可导出的记录。</translation>
    </message>
    <message>
        <source>&quot;connection&quot; must be a connection id.</source>
        <translation>“connection”必须是连接 ID。</translation>
    </message>
    <message>
        <source>No connection %1 in this run&apos;s log.</source>
        <translation>本次运行的日志中没有连接 %1。</translation>
    </message>
</context>
<context>
    <name>Duplex::Hub</name>
    <message>
        <source>round trip %1 ms</source>
        <translation>往返时间 %1 毫秒</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) not shown: the observer fell behind</source>
        <translation>
            <numerusform>%n 个事件未显示：观察端处理滞后</numerusform>
        </translation>
    </message>
    <message>
        <source>more than %1 messages per second</source>
        <translation>每秒超过 %1 条消息</translation>
    </message>
    <message>
        <source>closing with %1: %2</source>
        <translation>以 %1 关闭:%2</translation>
    </message>
    <message>
        <source>no answer to pings for %1 s</source>
        <translation>%1 秒内未响应 ping</translation>
    </message>
    <message>
        <source>%1 bytes waiting to be sent: the client is not reading</source>
        <translation>有 %1 字节等待发送:客户端没有读取</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: its regular expression gave up on a message from client %2 (too much backtracking) and was treated as not matching. Reported once per rule.</source>
        <translation>规则“%1”：其正则表达式在客户端 %2 的一条消息上放弃了匹配（回溯过多），已按不匹配处理。每条规则只报告一次。</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot; closes client %2 with %3 %4</source>
        <translation>规则“%1”以 %3 %4 关闭客户端 %2</translation>
    </message>
    <message>
        <source>Simulated clients are connecting: their messages are counted in the statistics and summarised here when they are done, not logged one by one</source>
        <translation>模拟客户端正在连接：它们的消息计入统计，结束后在此汇总，不逐条记录</translation>
    </message>
    <message>
        <source>Simulated clients done: %1 connections, %2 messages in, %3 out (not logged one by one)</source>
        <translation>模拟客户端已结束：%1 个连接，收到 %2 条消息，发出 %3 条（未逐条记录）</translation>
    </message>
    <message>
        <source>dropped by a fault</source>
        <translation>被故障丢弃</translation>
    </message>
    <message>
        <source>delayed %1 ms by a fault</source>
        <translation>被故障延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>reset (TCP RST, no close frame)</source>
        <translation>已重置（TCP RST，无关闭帧）</translation>
    </message>
</context>
<context>
    <name>Duplex::HubGroup</name>
    <message>
        <source>Refused a connection: out of file descriptors (%1 connections open). Raise the limit with ulimit -n.</source>
        <translation>拒绝了一个连接:文件描述符已用尽(已打开 %1 个连接)。请用 ulimit -n 提高上限。</translation>
    </message>
</context>
<context>
    <name>Duplex::Listener</name>
    <message>
        <source>no complete request within %1 ms</source>
        <translation>%1 毫秒内未收到完整请求</translation>
    </message>
    <message>
        <source>request head over %1 bytes</source>
        <translation>请求头超过 %1 字节</translation>
    </message>
    <message>
        <source>malformed request line</source>
        <translation>请求行格式错误</translation>
    </message>
    <message>
        <source>unsupported protocol %1</source>
        <translation>不支持的协议 %1</translation>
    </message>
    <message>
        <source>malformed header line</source>
        <translation>请求头行格式错误</translation>
    </message>
    <message>
        <source>invalid Content-Length</source>
        <translation>无效的 Content-Length</translation>
    </message>
    <message>
        <source>request body of %1 bytes is too large</source>
        <translation>请求体 %1 字节,过大</translation>
    </message>
    <message>
        <source>no Host header</source>
        <translation>缺少 Host 请求头</translation>
    </message>
    <message>
        <source>more than one Host header</source>
        <translation>Host 请求头不止一个</translation>
    </message>
    <message>
        <source>a WebSocket upgrade must be a GET request over HTTP/1.1</source>
        <translation>WebSocket 升级必须是 HTTP/1.1 的 GET 请求</translation>
    </message>
    <message>
        <source>a WebSocket upgrade without &quot;Connection: Upgrade&quot;</source>
        <translation>WebSocket 升级缺少 &quot;Connection: Upgrade&quot;</translation>
    </message>
    <message>
        <source>a WebSocket upgrade without Sec-WebSocket-Version</source>
        <translation>WebSocket 升级缺少 Sec-WebSocket-Version</translation>
    </message>
    <message>
        <source>unsupported Sec-WebSocket-Version %1 (13 is supported)</source>
        <translation>不支持的 Sec-WebSocket-Version %1(支持 13)</translation>
    </message>
    <message>
        <source>invalid Sec-WebSocket-Key</source>
        <translation>无效的 Sec-WebSocket-Key</translation>
    </message>
    <message>
        <source>a TLS handshake on a plain port: this port speaks ws:// and http://</source>
        <translation>在非加密端口上收到 TLS 握手：此端口使用 ws:// 和 http://</translation>
    </message>
</context>
<context>
    <name>Duplex::LoadGenerator</name>
    <message>
        <source>Invalid URL: use ws://host:port/path.</source>
        <translation>无效的 URL：请使用 ws://主机：端口/路径。</translation>
    </message>
    <message>
        <source>Give at least one connection and one second.</source>
        <translation>请至少给出一个连接和一秒钟。</translation>
    </message>
    <message>
        <source>No connection to %1 could be opened.</source>
        <translation>无法打开到 %1 的任何连接。</translation>
    </message>
</context>
<context>
    <name>Duplex::LogModel</name>
    <message>
        <source>open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>close %1</source>
        <translation>关闭 %1</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>ping 帧</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>pong 帧</translation>
    </message>
    <message>
        <source>continuation</source>
        <translation>延续帧</translation>
    </message>
    <message>
        <source>in</source>
        <translation>入站</translation>
    </message>
    <message>
        <source>out</source>
        <translation>出站</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>connected from %1, path %2</source>
        <translation>已连接，来自 %1，路径 %2</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>disconnected: %1</source>
        <translation>已断开连接：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Conn.</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>earlier run</source>
        <translation>之前的运行</translation>
    </message>
    <message>
        <source>earlier run, started %1</source>
        <translation>之前的运行，启动于 %1</translation>
    </message>
    <message>
        <source>%1 bytes of payload, %2 bytes on the wire (compressed with permessage-deflate)</source>
        <translation>负载 %1 字节，线上 %2 字节（以 permessage-deflate 压缩）</translation>
    </message>
</context>
<context>
    <name>Duplex::MainWindow</name>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Resume scrolling</source>
        <translation>恢复滚动</translation>
    </message>
    <message>
        <source>Pause scrolling</source>
        <translation>暂停滚动</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Send…</source>
        <translation>发送…</translation>
    </message>
    <message>
        <source>Disconnect…</source>
        <translation>断开连接…</translation>
    </message>
    <message>
        <source>Broadcast…</source>
        <translation>广播…</translation>
    </message>
    <message>
        <source>Show only the selected connection in the log</source>
        <translation>日志中只显示所选连接</translation>
    </message>
    <message>
        <source>Message log</source>
        <translation>消息日志</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
    <message>
        <source>All directions</source>
        <translation>所有方向</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入站</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出站</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping 帧</translation>
    </message>
    <message>
        <source>Pong</source>
        <translation>Pong 帧</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Built-in client</source>
        <translation>内置客户端</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export log…</source>
        <translation>导出日志(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Send to selected connection…</source>
        <translation>发送到所选连接…</translation>
    </message>
    <message>
        <source>Disconnect selected connection…</source>
        <translation>断开所选连接…</translation>
    </message>
    <message>
        <source>Broadcast to all…</source>
        <translation>向所有连接广播…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Wire &amp;protocol</source>
        <translation>通信协议(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;About Duplex</source>
        <translation>关于 Duplex(&amp;A)</translation>
    </message>
    <message>
        <source>Listen on every network?</source>
        <translation>要在所有网络上监听吗？</translation>
    </message>
    <message>
        <source>With %1 anyone who can reach this computer can open the chat page and connect. Continue?</source>
        <translation>使用 %1 时，任何能访问这台计算机的人都可以打开聊天页面并连接。是否继续？</translation>
    </message>
    <message>
        <source>The operator stopped the server</source>
        <translation>操作员已停止服务器</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1 msg/s · out %2 msg/s</source>
        <translation>入站 %1 msg/s · 出站 %2 msg/s</translation>
    </message>
    <message>
        <source>log: %1 of %2 rows</source>
        <translation>日志：%1 / %2 行</translation>
    </message>
    <message>
        <source>%1 · connection %2 · %3 · %4 bytes</source>
        <translation>%1 · 连接 %2 · %3 · %4 字节</translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation>连接 %1</translation>
    </message>
    <message>
        <source>every connection</source>
        <translation>所有连接</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export message log</source>
        <translation>导出消息日志</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1</source>
        <translation>
            <numerusform>已导出 %n 行到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplex wire protocol</source>
        <translation>Duplex 通信协议</translation>
    </message>
    <message>
        <source>About Duplex</source>
        <translation>关于 Duplex</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Duplex %1&lt;/h3&gt;&lt;p&gt;A WebSocket chat server you can watch.&lt;/p&gt;&lt;p&gt;One port serves the browser chat page over HTTP and takes WebSocket connections; every message is echoed or broadcast, and every frame is shown here.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Duplex %1&lt;/h3&gt;&lt;p&gt;一个可观察的 WebSocket 聊天服务器。&lt;/p&gt;&lt;p&gt;同一个端口既通过 HTTP 提供浏览器聊天页面，又接受 WebSocket 连接；每条消息都会被回显或广播，每个帧都会显示在这里。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>The stored history was cleared.</source>
        <translation>已清除保存的历史记录。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n stored row(s) to %1</source>
        <translation>
            <numerusform>已将 %n 行保存的记录导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export stored &amp;history…</source>
        <translation>导出保存的历史记录(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Clear stored history…</source>
        <translation>清除保存的历史记录(&amp;C)…</translation>
    </message>
    <message numerus="yes">
        <source>Showing %n stored row(s) from earlier runs</source>
        <translation>
            <numerusform>正在显示之前运行保存的 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Export stored history</source>
        <translation>导出保存的历史记录</translation>
    </message>
    <message>
        <source>Clear stored history?</source>
        <translation>清除保存的历史记录？</translation>
    </message>
    <message>
        <source>This deletes the stored message log and chat history from disk, and new chat clients get no history. The rows shown in this window stay. Continue?</source>
        <translation>这将从磁盘删除保存的消息日志和聊天记录，新的聊天客户端将收不到历史消息。本窗口中显示的行会保留。是否继续？</translation>
    </message>
    <message>
        <source>Redis connected</source>
        <translation>Redis 已连接</translation>
    </message>
    <message>
        <source>Redis connecting…</source>
        <translation>Redis 正在连接…</translation>
    </message>
    <message>
        <source>Redis unreachable: serving local clients only</source>
        <translation>无法连接 Redis：仅服务本地客户端</translation>
    </message>
    <message>
        <source>%1 · cluster: %2, %3</source>
        <translation>%1 · 集群：%2，%3</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n 台服务器</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n 个客户端</numerusform>
        </translation>
    </message>
    <message>
        <source>This server is &quot;%1&quot; in the cluster (%2)</source>
        <translation>本服务器在集群中名为“%1”（%2）</translation>
    </message>
    <message>
        <source>connection %1 on server &quot;%2&quot;</source>
        <translation>服务器“%2”上的连接 %1</translation>
    </message>
    <message>
        <source>Another server&apos;s client gets text messages only.</source>
        <translation>其他服务器的客户端只能接收文本消息。</translation>
    </message>
    <message>
        <source>Restart the server?</source>
        <translation>重启服务器？</translation>
    </message>
    <message>
        <source>The new limits, access, TLS and cluster settings apply when the server starts. Restart it now? Every client is disconnected (1001) and may reconnect.</source>
        <translation>新的限制、访问、TLS 和集群设置在服务器启动时生效。现在重启吗？所有客户端都会被断开（1001），之后可以重新连接。</translation>
    </message>
    <message>
        <source>&amp;Import rules…</source>
        <translation>导入规则(&amp;I)…</translation>
    </message>
    <message>
        <source>Export &amp;rules…</source>
        <translation>导出规则(&amp;R)…</translation>
    </message>
    <message>
        <source>Connections and log</source>
        <translation>连接与日志</translation>
    </message>
    <message>
        <source>Rules (%1)</source>
        <translation>规则（%1）</translation>
    </message>
    <message>
        <source> · rule &quot;%1&quot;</source>
        <translation> · 规则“%1”</translation>
    </message>
    <message>
        <source>Script console</source>
        <translation>脚本控制台</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <source>WebSocket chat server</source>
        <translation>WebSocket 聊天服务器</translation>
    </message>
    <message>
        <source>%1. Port %2 is free.</source>
        <translation>%1。端口 %2 可用。</translation>
    </message>
    <message>
        <source>&amp;Faults…</source>
        <translation>故障注入(&amp;F)…</translation>
    </message>
    <message>
        <source>Faults for selected connection…</source>
        <translation>所选连接的故障注入…</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) with faults of their own</source>
        <translation>
            <numerusform>%n 个连接有各自的故障设置</numerusform>
        </translation>
    </message>
    <message>
        <source>HAR, Chrome DevTools (*.har)</source>
        <translation>HAR，Chrome DevTools 格式 (*.har)</translation>
    </message>
    <message>
        <source>Re&amp;play a HAR session…</source>
        <translation>重放 HAR 会话(&amp;P)…</translation>
    </message>
    <message>
        <source>Copy payload</source>
        <translation>复制负载</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <translation>以十六进制复制</translation>
    </message>
    <message>
        <source>Resend from the built-in client</source>
        <translation>从内置客户端重新发送</translation>
    </message>
    <message>
        <source>Push again to connection %1</source>
        <translation>再次推送给连接 %1</translation>
    </message>
    <message>
        <source>Open on &amp;another device…</source>
        <translation>在其他设备上打开(&amp;A)…</translation>
    </message>
    <message>
        <source> · only its first %1 bytes are kept</source>
        <translation> · 只保留了前 %1 字节</translation>
    </message>
</context>
<context>
    <name>Duplex::NativeTransport</name>
    <message>
        <source>closing with %1: %2</source>
        <translation>以 %1 关闭:%2</translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation>TLS 错误：%1</translation>
    </message>
</context>
<context>
    <name>Duplex::PerMessageDeflate</name>
    <message>
        <source>the server&apos;s extension answer &quot;%1&quot; accepts more than was offered</source>
        <translation>服务器的扩展应答“%1”接受了多于所提供的内容</translation>
    </message>
    <message>
        <source>the server&apos;s extension answer &quot;%1&quot; names an extension not offered</source>
        <translation>服务器的扩展应答“%1”指定了未提供的扩展</translation>
    </message>
    <message>
        <source>the server&apos;s extension answer &quot;%1&quot; repeats %2</source>
        <translation>服务器的扩展应答“%1”重复了 %2</translation>
    </message>
    <message>
        <source>the server&apos;s extension answer &quot;%1&quot; has an invalid parameter %2</source>
        <translation>服务器的扩展应答“%1”含有无效参数 %2</translation>
    </message>
</context>
<context>
    <name>Duplex::PerMessageDeflate::Inflater</name>
    <message>
        <source>out of memory for the inflater</source>
        <translation>解压器内存不足</translation>
    </message>
    <message>
        <source>zlib error %1</source>
        <translation>zlib 错误 %1</translation>
    </message>
    <message>
        <source>the message inflates past the limit of %1 bytes</source>
        <translation>消息解压后超过 %1 字节的上限</translation>
    </message>
</context>
<context>
    <name>Duplex::RedisBridge</name>
    <message>
        <source>Invalid Redis URL &quot;%1&quot;: use redis://HOST:PORT[/DB].</source>
        <translation>无效的 Redis 地址“%1”:请使用 redis://主机:端口[/数据库]。</translation>
    </message>
    <message>
        <source>Invalid Redis database &quot;%1&quot;: give a number such as 0.</source>
        <translation>无效的 Redis 数据库“%1”:请给出一个数字,例如 0。</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未及时响应</translation>
    </message>
    <message>
        <source>Redis at %1 is back: messages reach the other servers again</source>
        <translation>%1 上的 Redis 已恢复:消息重新送达其他服务器</translation>
    </message>
    <message>
        <source>Joined the cluster through Redis at %1 as &quot;%2&quot;</source>
        <translation>已通过 %1 上的 Redis 以“%2”的身份加入集群</translation>
    </message>
    <message>
        <source>Lost Redis at %1 (%2): serving local clients only, reconnecting</source>
        <translation>与 %1 上的 Redis 断开(%2):仅服务本地客户端,正在重连</translation>
    </message>
    <message>
        <source>Cannot reach Redis at %1 (%2): serving local clients only, retrying</source>
        <translation>无法连接 %1 上的 Redis(%2):仅服务本地客户端,正在重试</translation>
    </message>
    <message>
        <source>Server &quot;%1&quot; joined the cluster</source>
        <translation>服务器“%1”加入了集群</translation>
    </message>
    <message>
        <source>Pushed a message to #%1 for server &quot;%2&quot;</source>
        <translation>已代服务器“%2”向 #%1 推送消息</translation>
    </message>
    <message>
        <source>Disconnected #%1 for server &quot;%2&quot;</source>
        <translation>已代服务器“%2”断开 #%1</translation>
    </message>
    <message>
        <source>Server &quot;%1&quot; left the cluster: not heard from in %2 s</source>
        <translation>服务器“%1”已离开集群:%2 秒内没有消息</translation>
    </message>
</context>
<context>
    <name>Duplex::ReplayDialog</name>
    <message>
        <source>[binary] %1</source>
        <translation>[二进制] %1</translation>
    </message>
    <message>
        <source>Next message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <source>Replay a recorded session</source>
        <translation>重放录制的会话</translation>
    </message>
    <message>
        <source>a .har file from Chrome DevTools, Duplex&apos;s export or /api/log.har</source>
        <translation>来自 Chrome DevTools、Duplex 导出或 /api/log.har 的 .har 文件</translation>
    </message>
    <message>
        <source>Recorded timing</source>
        <translation>按录制的时间间隔</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>尽快</translation>
    </message>
    <message>
        <source>Step by step</source>
        <translation>逐条</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>录制时</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>连接：</translation>
    </message>
    <message>
        <source>Replay to:</source>
        <translation>重放到：</translation>
    </message>
    <message>
        <source>Pace:</source>
        <translation>节奏：</translation>
    </message>
    <message>
        <source>Open a HAR file</source>
        <translation>打开 HAR 文件</translation>
    </message>
    <message>
        <source>HAR files (*.har);;All files (*)</source>
        <translation>HAR 文件 (*.har);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Connected: replaying…</source>
        <translation>已连接：正在重放…</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>answer (new)</source>
        <translation>应答（新增）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>(nothing came)</source>
        <translation>（没有收到）</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n answer(s), every one as recorded.</source>
        <translation>
            <numerusform>完成：%n 条应答，全部与录制一致。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use %1: %2</source>
        <translation>无法使用 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (%n message(s))</source>
        <translation>
            <numerusform>%1：%2（%n 条消息）</numerusform>
        </translation>
    </message>
    <message>
        <source>answer %1</source>
        <translation>应答 %1</translation>
    </message>
    <message>
        <source>%1 message(s) to send, %2 answer(s) recorded.</source>
        <translation>要发送 %1 条消息，录制了 %2 条应答。</translation>
    </message>
    <message>
        <source>Enter a ws:// or wss:// URL.</source>
        <translation>请输入 ws:// 或 wss:// URL。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start replay</source>
        <translation>开始重放</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) differ</source>
        <translation>
            <numerusform>%n 条应答不同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recorded answer(s) did not come</source>
        <translation>
            <numerusform>%n 条录制的应答没有收到</numerusform>
        </translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation>完成：%1。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>Duplex::RuleEditor</name>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>时机：</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>匹配：</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>模式串：</translation>
    </message>
    <message>
        <source>JSON path:</source>
        <translation>JSON 路径：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
    <message>
        <source>Starts with (hex):</source>
        <translation>开头字节（十六进制）：</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>动作：</translation>
    </message>
    <message>
        <source>Reply:</source>
        <translation>回复：</translation>
    </message>
    <message>
        <source>Bytes (hex):</source>
        <translation>字节（十六进制）：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>发给：</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>Delay, jitter:</source>
        <translation>延迟、抖动：</translation>
    </message>
    <message>
        <source>Repeat every:</source>
        <translation>重复间隔：</translation>
    </message>
    <message>
        <source>Test with:</source>
        <translation>测试消息：</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>a message arrives</source>
        <translation>收到消息时</translation>
    </message>
    <message>
        <source>a client connects</source>
        <translation>客户端连接时</translation>
    </message>
    <message>
        <source>a client disconnects</source>
        <translation>客户端断开时</translation>
    </message>
    <message>
        <source>any message</source>
        <translation>任意消息</translation>
    </message>
    <message>
        <source>text is exactly</source>
        <translation>文本完全等于</translation>
    </message>
    <message>
        <source>text contains</source>
        <translation>文本包含</translation>
    </message>
    <message>
        <source>regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>JSON field</source>
        <translation>JSON 字段</translation>
    </message>
    <message>
        <source>binary prefix</source>
        <translation>二进制前缀</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>exists</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>is absent</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>reply with text</source>
        <translation>回复文本</translation>
    </message>
    <message>
        <source>reply with bytes</source>
        <translation>回复字节</translation>
    </message>
    <message>
        <source>close the connection</source>
        <translation>关闭连接</translation>
    </message>
    <message>
        <source>reply, then close</source>
        <translation>回复后关闭</translation>
    </message>
    <message>
        <source>ignore (no reply)</source>
        <translation>忽略（不回复）</translation>
    </message>
    <message>
        <source>to the sender</source>
        <translation>发给发送者</translation>
    </message>
    <message>
        <source>to everyone</source>
        <translation>发给所有人</translation>
    </message>
    <message>
        <source>to everyone else</source>
        <translation>发给其他人</translation>
    </message>
    <message>
        <source>e.g. ^add (\d+) (\d+)$ for a regular expression</source>
        <translation>例如正则表达式 ^add (\d+) (\d+)$</translation>
    </message>
    <message>
        <source>e.g. type or user.id</source>
        <translation>例如 type 或 user.id</translation>
    </message>
    <message>
        <source>login, 42, true or &quot;42&quot;</source>
        <translation>login、42、true 或 &quot;42&quot;</translation>
    </message>
    <message>
        <source>Fields: {text} {id} {name} {time} {path} {query.NAME} {1}…{9} {json.PATH} {counter} {random}; {{ and }} for braces</source>
        <translation>字段：{text} {id} {name} {time} {path} {query.NAME} {1}…{9} {json.PATH} {counter} {random}；花括号写作 {{ 和 }}</translation>
    </message>
    <message>
        <source>reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <source>Wait this long before acting; nobody else waits.</source>
        <translation>等待这么久再执行；其他人不受影响。</translation>
    </message>
    <message>
        <source>Plus a random extra of up to this much.</source>
        <translation>再加上最多这么久的随机时间。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Push the reply again and again while the client stays connected.</source>
        <translation>客户端保持连接期间反复推送这条回复。</translation>
    </message>
    <message>
        <source>a sample message, e.g. add 2 3</source>
        <translation>示例消息，例如 add 2 3</translation>
    </message>
    <message>
        <source>This rule is off: %1</source>
        <translation>此规则未生效：%1</translation>
    </message>
    <message>
        <source>Cannot test: %1</source>
        <translation>无法测试：%1</translation>
    </message>
    <message>
        <source>Type a sample message to see what this rule does with it.</source>
        <translation>输入一条示例消息，看看此规则会如何处理。</translation>
    </message>
    <message>
        <source>The regular expression gave up on this message (too much backtracking): treated as no match.</source>
        <translation>正则表达式在这条消息上放弃了匹配（回溯过多）：按不匹配处理。</translation>
    </message>
    <message>
        <source>No match: the next rule, or the mode, answers.</source>
        <translation>不匹配：由下一条规则或当前模式来回复。</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>everyone else</source>
        <translation>其他人</translation>
    </message>
    <message>
        <source>the sender</source>
        <translation>发送者</translation>
    </message>
    <message>
        <source>Matches: the message is ignored, nothing is sent.</source>
        <translation>匹配：忽略这条消息，不发送任何内容。</translation>
    </message>
    <message>
        <source>Sends to %1: %2</source>
        <translation>发给%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Sends %n byte(s) to %1: %2</source>
        <translation>
            <numerusform>向%1发送 %n 个字节：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Then closes the connection with %1 %2</source>
        <translation>然后以 %1 %2 关闭连接</translation>
    </message>
    <message>
        <source>After %1–%2 ms.</source>
        <translation>在 %1–%2 毫秒后。</translation>
    </message>
    <message>
        <source>After %1 ms.</source>
        <translation>在 %1 毫秒后。</translation>
    </message>
    <message>
        <source>Repeated every %1 ms while connected.</source>
        <translation>连接期间每 %1 毫秒重复一次。</translation>
    </message>
</context>
<context>
    <name>Duplex::RuleSet</name>
    <message>
        <source>close code %1 cannot be sent: use 1000, 1001, 1003, 1007–1011 or 3000–4999</source>
        <translation>关闭码 %1 不能发送：请使用 1000、1001、1003、1007–1011 或 3000–4999</translation>
    </message>
    <message>
        <source>rule %1</source>
        <translation>规则 %1</translation>
    </message>
    <message>
        <source>%1 must be a whole number from %2 to %3</source>
        <translation>%1 必须是 %2 到 %3 之间的整数</translation>
    </message>
    <message>
        <source>enabled must be true or false</source>
        <translation>enabled 必须是 true 或 false</translation>
    </message>
    <message>
        <source>on must be open, message or close, not &quot;%1&quot;</source>
        <translation>on 必须是 open、message 或 close，而不是“%1”</translation>
    </message>
    <message>
        <source>match must be an object such as {&quot;type&quot;: &quot;exact&quot;, &quot;pattern&quot;: &quot;hi&quot;}</source>
        <translation>match 必须是一个对象，例如 {&quot;type&quot;: &quot;exact&quot;, &quot;pattern&quot;: &quot;hi&quot;}</translation>
    </message>
    <message>
        <source>only message rules have a match</source>
        <translation>只有 message 规则才有 match</translation>
    </message>
    <message>
        <source>a %1 match needs a pattern (a string)</source>
        <translation>%1 匹配需要一个 pattern（字符串）</translation>
    </message>
    <message>
        <source>bad regular expression: %1</source>
        <translation>正则表达式有误：%1</translation>
    </message>
    <message>
        <source>a json match needs a dotted path such as &quot;type&quot; or &quot;user.id&quot;</source>
        <translation>json 匹配需要一个点分路径，例如 &quot;type&quot; 或 &quot;user.id&quot;</translation>
    </message>
    <message>
        <source>equals must be a string, number, true, false or null</source>
        <translation>equals 必须是字符串、数字、true、false 或 null</translation>
    </message>
    <message>
        <source>exists must be true or false</source>
        <translation>exists 必须是 true 或 false</translation>
    </message>
    <message>
        <source>a binary match needs hex, the bytes a message starts with (e.g. &quot;89504e47&quot;)</source>
        <translation>binary 匹配需要 hex，即消息开头的字节（例如 &quot;89504e47&quot;）</translation>
    </message>
    <message>
        <source>match type must be any, exact, contains, regex, json or binary, not &quot;%1&quot;</source>
        <translation>匹配类型必须是 any、exact、contains、regex、json 或 binary，而不是“%1”</translation>
    </message>
    <message>
        <source>ignore must be true or false</source>
        <translation>ignore 必须是 true 或 false</translation>
    </message>
    <message>
        <source>the rule does nothing: give it a reply, hex, close or ignore</source>
        <translation>此规则什么也不做：请给它 reply、hex、close 或 ignore</translation>
    </message>
    <message>
        <source>ignore cannot be combined with a reply or a close</source>
        <translation>ignore 不能与回复或关闭同时使用</translation>
    </message>
    <message>
        <source>a rule has either a text reply or a hex (binary) reply, not both</source>
        <translation>一条规则只能有文本回复或 hex（二进制）回复，不能两者都有</translation>
    </message>
    <message>
        <source>ignore applies to message rules only</source>
        <translation>ignore 只适用于 message 规则</translation>
    </message>
    <message>
        <source>reply must be a string</source>
        <translation>reply 必须是字符串</translation>
    </message>
    <message>
        <source>bad reply template: %1</source>
        <translation>回复模板有误：%1</translation>
    </message>
    <message>
        <source>{text}, {json.…} and {1}…{9} exist only in message rules</source>
        <translation>{text}、{json.…} 和 {1}…{9} 只能用于 message 规则</translation>
    </message>
    <message>
        <source>the reply uses {%1}, but the match has no such regex group</source>
        <translation>回复用到了 {%1}，但匹配中没有这个正则分组</translation>
    </message>
    <message>
        <source>hex must be pairs of hex digits (e.g. &quot;0102ff&quot;)</source>
        <translation>hex 必须是成对的十六进制数字（例如 &quot;0102ff&quot;）</translation>
    </message>
    <message>
        <source>to must be sender, all or others</source>
        <translation>to 必须是 sender、all 或 others</translation>
    </message>
    <message>
        <source>a close rule cannot answer the sender, who has left: send to all or others</source>
        <translation>close 规则无法回复已离开的发送者：请发给 all 或 others</translation>
    </message>
    <message>
        <source>a close rule cannot close: the connection is already closed</source>
        <translation>close 规则不能关闭连接：连接已经关闭</translation>
    </message>
    <message>
        <source>close must be an object with a code, e.g. {&quot;code&quot;: 4001, &quot;reason&quot;: &quot;bye&quot;}</source>
        <translation>close 必须是带 code 的对象，例如 {&quot;code&quot;: 4001, &quot;reason&quot;: &quot;bye&quot;}</translation>
    </message>
    <message>
        <source>the close reason is longer than %1 bytes</source>
        <translation>关闭原因超过了 %1 字节</translation>
    </message>
    <message>
        <source>everyMs repeats the reply of an open rule: it needs on: open and a reply</source>
        <translation>everyMs 用于重复 open 规则的回复：需要 on: open 和一条回复</translation>
    </message>
    <message>
        <source>a rule must be a JSON object</source>
        <translation>规则必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>not valid JSON at byte %1: %2</source>
        <translation>第 %1 字节处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>expected an object: {&quot;fallback&quot;: &quot;mode&quot;, &quot;rules&quot;: […]}</source>
        <translation>应为一个对象：{&quot;fallback&quot;: &quot;mode&quot;, &quot;rules&quot;: […]}</translation>
    </message>
    <message>
        <source>fallback must be &quot;mode&quot; or &quot;ignore&quot;</source>
        <translation>fallback 必须是 &quot;mode&quot; 或 &quot;ignore&quot;</translation>
    </message>
    <message>
        <source>rules must be an array</source>
        <translation>rules 必须是数组</translation>
    </message>
    <message>
        <source>rule %1 &quot;%2&quot;: %3</source>
        <translation>规则 %1“%2”：%3</translation>
    </message>
    <message>
        <source>everyMs repeats a reply; a rule that closes the connection cannot repeat</source>
        <translation>everyMs 用于重复回复；会关闭连接的规则不能重复</translation>
    </message>
</context>
<context>
    <name>Duplex::RuleTemplate</name>
    <message>
        <source>a lone } at position %1: write }} for a literal brace</source>
        <translation>第 %1 个字符处有单独的 }：字面花括号请写作 }}</translation>
    </message>
    <message>
        <source>the field opened at position %1 is not closed with }</source>
        <translation>第 %1 个字符处开始的字段没有用 } 结束</translation>
    </message>
    <message>
        <source>{%1}: a JSON path has no empty parts</source>
        <translation>{%1}：JSON 路径中不能有空的部分</translation>
    </message>
    <message>
        <source>unknown field {%1} (known: {text} {id} {name} {time} {path} {query.NAME} {1}…{9} {json.PATH} {counter} {random}; {{ and }} for braces)</source>
        <translation>未知字段 {%1}（可用：{text} {id} {name} {time} {path} {query.NAME} {1}…{9} {json.PATH} {counter} {random}；花括号写作 {{ 和 }}）</translation>
    </message>
</context>
<context>
    <name>Duplex::RulesFile</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Duplex::RulesModel</name>
    <message>
        <source>any message</source>
        <translation>任意消息</translation>
    </message>
    <message>
        <source>is “%1”</source>
        <translation>等于“%1”</translation>
    </message>
    <message>
        <source>contains “%1”</source>
        <translation>包含“%1”</translation>
    </message>
    <message>
        <source>regex %1</source>
        <translation>正则 %1</translation>
    </message>
    <message>
        <source>JSON %1 = %2</source>
        <translation>JSON %1 = %2</translation>
    </message>
    <message>
        <source>JSON has %1</source>
        <translation>JSON 含有 %1</translation>
    </message>
    <message>
        <source>JSON lacks %1</source>
        <translation>JSON 不含 %1</translation>
    </message>
    <message>
        <source>binary starting %1</source>
        <translation>以 %1 开头的二进制</translation>
    </message>
    <message>
        <source>to all</source>
        <translation>发给所有人</translation>
    </message>
    <message>
        <source>to others</source>
        <translation>发给其他人</translation>
    </message>
    <message>
        <source>to sender</source>
        <translation>发给发送者</translation>
    </message>
    <message>
        <source>reply %1: %2</source>
        <translation>回复%1：%2</translation>
    </message>
    <message>
        <source>binary %1: %2</source>
        <translation>二进制%1：%2</translation>
    </message>
    <message>
        <source>close %1 %2</source>
        <translation>关闭 %1 %2</translation>
    </message>
    <message>
        <source>ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>after %1 ms</source>
        <translation>%1 毫秒后</translation>
    </message>
    <message>
        <source>every %1 ms</source>
        <translation>每 %1 毫秒</translation>
    </message>
    <message>
        <source>This rule is off: %1</source>
        <translation>此规则未生效：%1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>close</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>on</source>
        <translation>生效</translation>
    </message>
    <message>
        <source>off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>On</source>
        <translation>时机</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>Duplex::RulesPanel</name>
    <message>
        <source>Rules (%1)</source>
        <translation>规则（%1）</translation>
    </message>
    <message>
        <source>When nothing matches:</source>
        <translation>都不匹配时：</translation>
    </message>
    <message>
        <source>the mode answers</source>
        <translation>由模式回复</translation>
    </message>
    <message>
        <source>ignore the message</source>
        <translation>忽略消息</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>new rule</source>
        <translation>新规则</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Import rules</source>
        <translation>导入规则</translation>
    </message>
    <message>
        <source>Rules (*.json);;All files (*)</source>
        <translation>规则 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The rules were not imported.

%1</source>
        <translation>规则未导入。

%1</translation>
    </message>
    <message>
        <source>Export rules</source>
        <translation>导出规则</translation>
    </message>
    <message>
        <source>Rules (*.json)</source>
        <translation>规则 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Up: earlier rules are tried first; you can also drag rows.</source>
        <translation>上移：靠前的规则先尝试；也可以拖动行来排序。</translation>
    </message>
</context>
<context>
    <name>Duplex::ScriptApi</name>
    <message>
        <source>server.close(%1, %2): %3</source>
        <translation>server.close(%1, %2)：%3</translation>
    </message>
    <message>
        <source>a timer</source>
        <translation>一个定时器</translation>
    </message>
</context>
<context>
    <name>Duplex::ScriptHost</name>
    <message numerus="yes">
        <source>%n console line(s) not shown: more than %1 a second</source>
        <translation>
            <numerusform>有 %n 行控制台输出未显示：每秒超过 %1 行</numerusform>
        </translation>
    </message>
    <message>
        <source>the top level</source>
        <translation>顶层代码</translation>
    </message>
    <message>
        <source>%1 ran for more than %2 ms and was stopped (--script-timeout; the engine does not say on which line)</source>
        <translation>%1运行超过 %2 毫秒，已被中止（--script-timeout；引擎不报告停在哪一行）</translation>
    </message>
    <message>
        <source>the open handler (client %1)</source>
        <translation>open 处理函数（客户端 %1）</translation>
    </message>
    <message>
        <source>the message handler (client %1)</source>
        <translation>message 处理函数（客户端 %1）</translation>
    </message>
    <message>
        <source>the close handler (client %1)</source>
        <translation>close 处理函数（客户端 %1）</translation>
    </message>
</context>
<context>
    <name>Duplex::ScriptPanel</name>
    <message>
        <source>Server script (JavaScript, Swoole-style handlers)</source>
        <translation>服务器脚本（JavaScript，Swoole 风格的处理函数）</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Apply (Ctrl+S)</source>
        <translation>应用 (Ctrl+S)</translation>
    </message>
    <message>
        <source>The running server takes the script at once; nobody is disconnected.</source>
        <translation>正在运行的服务器立即采用此脚本；不会断开任何人。</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Stop a handler after:</source>
        <translation>处理函数超时：</translation>
    </message>
    <message>
        <source>server.on(&apos;message&apos;, (frame) =&gt; {
    server.push(frame.fd, &apos;You said: &apos; + frame.data);
});</source>
        <translation>server.on(&apos;message&apos;, (frame) =&gt; {
    server.push(frame.fd, &apos;你说的是：&apos; + frame.data);
});</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>正在应用…</translation>
    </message>
    <message>
        <source>Not applied, the previous script keeps running: %1</source>
        <translation>未应用，之前的脚本继续运行：%1</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>Running %1 on the server.</source>
        <translation>服务器正在运行 %1。</translation>
    </message>
    <message>
        <source>Edited since: Apply to run the changes.</source>
        <translation>之后有修改：点击应用以运行修改。</translation>
    </message>
    <message>
        <source>No script runs: messages get the rules and the mode. Write handlers or pick an example, then Apply.</source>
        <translation>没有运行脚本：消息由规则和模式处理。编写处理函数或选择一个示例，然后点击应用。</translation>
    </message>
    <message>
        <source>Open script</source>
        <translation>打开脚本</translation>
    </message>
    <message>
        <source>JavaScript (*.js);;All files (*)</source>
        <translation>JavaScript (*.js);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Save script</source>
        <translation>保存脚本</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>JavaScript (*.js)</source>
        <translation>JavaScript (*.js)</translation>
    </message>
</context>
<context>
    <name>Duplex::SendDialog</name>
    <message>
        <source>Send to %1</source>
        <translation>发送到%1</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息文本</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Hex bytes, e.g. 48 65 6c 6c 6f</source>
        <translation>十六进制字节，例如 48 65 6c 6c 6f</translation>
    </message>
    <message>
        <source>Not valid hex: use pairs of digits 0-9 and a-f, optionally separated by spaces.</source>
        <translation>十六进制无效：请使用 0-9 和 a-f 组成的两位一组的数字，可用空格分隔。</translation>
    </message>
</context>
<context>
    <name>Duplex::Server</name>
    <message>
        <source>Server shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>I am the server. I received your message. You said: {text}</source>
        <translation>我是服务端,我已收到您的消息,您说的是:{text}</translation>
    </message>
</context>
<context>
    <name>Duplex::ServerBar</name>
    <message>
        <source>&quot;%1&quot; is not an IP address. Use 127.0.0.1 for this computer only, or 0.0.0.0 for every network.</source>
        <translation>“%1”不是 IP 地址。仅限本机请使用 127.0.0.1，所有网络请使用 0.0.0.0。</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 or ::: every network this computer is on.</source>
        <translation>127.0.0.1：仅限本机。0.0.0.0 或 ::：本机所在的所有网络。</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原样</translation>
    </message>
    <message>
        <source>Echo answers the sender with the reply; broadcast relays to everyone; raw returns every frame unchanged.</source>
        <translation>回显：向发送者返回回复；广播：转发给所有人；原样：将每个帧原封不动地返回。</translation>
    </message>
    <message>
        <source>Reply:</source>
        <translation>回复：</translation>
    </message>
    <message>
        <source>Echo reply; {text}, {id}, {name} and {time} are filled in.</source>
        <translation>回显回复；{text}、{id}、{name} 和 {time} 会被自动填入。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the chat page&apos;s address</source>
        <translation>复制聊天页面的地址</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>使用端口 %1</translation>
    </message>
    <message>
        <source>Serving the chat page at %1</source>
        <translation>聊天页面地址：%1</translation>
    </message>
    <message>
        <source>Click to open the chat page in your browser</source>
        <translation>点击在浏览器中打开聊天页面</translation>
    </message>
    <message>
        <source>Server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <source>⚠ Faults on</source>
        <translation>⚠ 故障注入中</translation>
    </message>
    <message>
        <source>Faults on: %1. Click to change them.</source>
        <translation>故障注入中：%1。点击可修改。</translation>
    </message>
    <message>
        <source>Clear faults</source>
        <translation>清除故障</translation>
    </message>
    <message>
        <source>Lift every fault, server-wide and per connection</source>
        <translation>解除所有故障（服务器范围和各连接的）</translation>
    </message>
    <message>
        <source>Open on another device</source>
        <translation>在其他设备上打开</translation>
    </message>
    <message>
        <source>The page&apos;s address on each network and a QR code to scan with a phone</source>
        <translation>聊天页面在各个网络上的地址，以及可用手机扫描的二维码</translation>
    </message>
</context>
<context>
    <name>Duplex::ServerCore</name>
    <message>
        <source>The server is already running.</source>
        <translation>服务器已在运行。</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>无法在 %1:%2 上监听：%3</translation>
    </message>
    <message>
        <source>Dropped %1: %2</source>
        <translation>已断开 %1：%2</translation>
    </message>
    <message>
        <source>Could not accept a connection: %1</source>
        <translation>无法接受连接:%1</translation>
    </message>
    <message>
        <source>TLS needs both a certificate file and a key file.</source>
        <translation>TLS 需要同时提供证书文件和私钥文件。</translation>
    </message>
    <message>
        <source>Cannot read the certificate %1: %2</source>
        <translation>无法读取证书 %1:%2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>Cannot read the key %1: %2</source>
        <translation>无法读取私钥 %1:%2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM private key (RSA or EC).</source>
        <translation>%1 中没有未加密的 PEM 私钥(RSA 或 EC)。</translation>
    </message>
    <message>
        <source>The history was not saved: %1</source>
        <translation>历史记录未能保存：%1</translation>
    </message>
    <message>
        <source>Chat history and message log are not kept: %1</source>
        <translation>聊天记录和消息日志不会被保存：%1</translation>
    </message>
    <message>
        <source>No history is kept: persistence is off or its database could not be opened.</source>
        <translation>没有保存历史记录：持久化已关闭，或无法打开其数据库。</translation>
    </message>
    <message>
        <source>refused by a fault (handshake status %1)</source>
        <translation>被故障拒绝（握手状态码 %1）</translation>
    </message>
    <message>
        <source>OpenSSL cannot use the certificate %1 with the key %2: %3</source>
        <translation>OpenSSL 无法将证书 %1 与私钥 %2 一起使用：%3</translation>
    </message>
</context>
<context>
    <name>Duplex::SettingsDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a PEM file</source>
        <translation>选择 PEM 文件</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Log and history</source>
        <translation>日志和历史</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Access and TLS</source>
        <translation>访问和 TLS</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Limits, access, TLS and the cluster apply from the next start of the server.</source>
        <translation>限制、访问、TLS 和集群设置从服务器下次启动时生效。</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>no age limit</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <source>no row limit</source>
        <translation>不限行数</translation>
    </message>
    <message>
        <source>Message log keeps at most (rows):</source>
        <translation>消息日志最多保留（行）：</translation>
    </message>
    <message>
        <source>The window drops the oldest rows beyond this.</source>
        <translation>超出后窗口会丢弃最旧的行。</translation>
    </message>
    <message>
        <source>Stored history is kept for:</source>
        <translation>保存的历史记录保留：</translation>
    </message>
    <message>
        <source>Stored message log keeps at most (rows):</source>
        <translation>保存的消息日志最多保留（行）：</translation>
    </message>
    <message>
        <source>The message log and the chat history are kept in a SQLite database in the app data folder (File → Export stored history, File → Clear stored history).</source>
        <translation>消息日志和聊天记录保存在应用数据文件夹中的 SQLite 数据库里（文件 → 导出保存的历史记录，文件 → 清除保存的历史记录）。</translation>
    </message>
    <message>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source> msg/s</source>
        <translation> 条/秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Most connections at once:</source>
        <translation>同时最多连接数：</translation>
    </message>
    <message>
        <source>Largest message:</source>
        <translation>最大消息：</translation>
    </message>
    <message>
        <source>Largest frame:</source>
        <translation>最大帧：</translation>
    </message>
    <message>
        <source>Messages per second per connection:</source>
        <translation>每个连接每秒消息数：</translation>
    </message>
    <message>
        <source>Handshake timeout:</source>
        <translation>握手超时：</translation>
    </message>
    <message>
        <source>Ping every client every:</source>
        <translation>每隔多久 ping 一次客户端：</translation>
    </message>
    <message>
        <source>Drop a client silent for:</source>
        <translation>客户端无响应多久后断开：</translation>
    </message>
    <message>
        <source>Close a client that does not read after:</source>
        <translation>不读取数据的客户端待发送超过多少时关闭：</translation>
    </message>
    <message>
        <source>Past the connection limit the next handshake gets HTTP 503. A larger message or frame closes that connection with 1009, too many messages with 1008, a client that stops reading with 1008 once that much output waits for it.</source>
        <translation>超过连接上限后，下一个握手会得到 HTTP 503。更大的消息或帧会以 1009 关闭该连接，消息过多以 1008 关闭，停止读取的客户端在待发送数据达到该值时以 1008 关闭。</translation>
    </message>
    <message>
        <source>e.g. https://chat.example.org, or * for every origin</source>
        <translation>例如 https://chat.example.org，或用 * 表示任意来源</translation>
    </message>
    <message>
        <source>none: anyone who can reach the port may connect</source>
        <translation>无：任何能访问该端口的人都可以连接</translation>
    </message>
    <message>
        <source>New token</source>
        <translation>新令牌</translation>
    </message>
    <message>
        <source>Make a self-signed certificate for localhost</source>
        <translation>为 localhost 生成自签名证书</translation>
    </message>
    <message>
        <source>Made %1 and %2. The page will be at https:// and wss://.</source>
        <translation>已生成 %1 和 %2。页面将使用 https:// 和 wss://。</translation>
    </message>
    <message>
        <source>Also allow pages from:</source>
        <translation>也允许来自以下来源的页面：</translation>
    </message>
    <message>
        <source>A page of the same origin, localhost, 127.0.0.1 and clients that send no Origin are always allowed; a page of any other origin gets 403 before the upgrade.</source>
        <translation>同源页面、localhost、127.0.0.1 以及不发送 Origin 的客户端总是被允许；其他来源的页面在升级前得到 403。</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
    <message>
        <source>With a token, WebSocket clients must give ?token=… or &quot;Authorization: Bearer …&quot;, and so must /api/ requests; others get 401.</source>
        <translation>设置令牌后，WebSocket 客户端必须提供 ?token=… 或 &quot;Authorization: Bearer …&quot;，/api/ 请求也一样；否则得到 401。</translation>
    </message>
    <message>
        <source>TLS certificate (PEM):</source>
        <translation>TLS 证书（PEM）：</translation>
    </message>
    <message>
        <source>TLS private key (PEM):</source>
        <translation>TLS 私钥（PEM）：</translation>
    </message>
    <message>
        <source>off, e.g. redis://127.0.0.1:6379</source>
        <translation>关闭，例如 redis://127.0.0.1:6379</translation>
    </message>
    <message>
        <source>host name and port</source>
        <translation>主机名和端口</translation>
    </message>
    <message>
        <source>Redis server:</source>
        <translation>Redis 服务器：</translation>
    </message>
    <message>
        <source>This server&apos;s name:</source>
        <translation>本服务器名称：</translation>
    </message>
    <message>
        <source>Servers that share a Redis server chat as one: broadcasts reach the clients of every server, and the connections view lists every server&apos;s clients. Without Redis this server is self-contained.</source>
        <translation>共用一个 Redis 服务器的多台服务器像一台一样聊天：广播会送达每台服务器的客户端，连接列表显示所有服务器的客户端。不使用 Redis 时，本服务器独立运行。</translation>
    </message>
    <message>
        <source>Making a certificate…</source>
        <translation>正在生成证书…</translation>
    </message>
    <message>
        <source>TLS needs both a certificate file and a key file.</source>
        <translation>TLS 需要同时提供证书文件和私钥文件。</translation>
    </message>
    <message>
        <source>The access token cannot contain spaces.</source>
        <translation>访问令牌不能包含空格。</translation>
    </message>
    <message>
        <source>Network threads:</source>
        <translation>网络线程数：</translation>
    </message>
    <message numerus="yes">
        <source>This computer has %n CPU core(s). A further network thread takes connections once each thread before it serves 128.</source>
        <translation>
            <numerusform>这台计算机有 %n 个 CPU 核心。前面的每个线程都已服务 128 个连接后，下一个网络线程才开始接收连接。</numerusform>
        </translation>
    </message>
    <message>
        <source>auto (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>Compress messages when a client offers it (permessage-deflate)</source>
        <translation>客户端提出时压缩消息（permessage-deflate）</translation>
    </message>
    <message>
        <source>Duplex (native framing, OpenSSL for wss://)</source>
        <translation>Duplex（自有分帧，wss:// 使用 OpenSSL）</translation>
    </message>
    <message>
        <source>Qt WebSockets (QWebSocketServer, for comparison)</source>
        <translation>Qt WebSockets（QWebSocketServer，用于对比）</translation>
    </message>
    <message>
        <source>WebSocket engine:</source>
        <translation>WebSocket 引擎：</translation>
    </message>
</context>
<context>
    <name>Duplex::ShareDialog</name>
    <message>
        <source>Open on another device</source>
        <translation>在其他设备上打开</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>List the network interfaces again (after joining another network)</source>
        <translation>重新列出网络接口（接入其他网络之后）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>%1 (virtual): %2</source>
        <translation>%1（虚拟）：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The server is stopped. Start it to open the chat page on another device.</source>
        <translation>服务器已停止。启动后即可在其他设备上打开聊天页面。</translation>
    </message>
    <message>
        <source>Only this computer can open the chat page: the server listens on %1. To open it on a phone or another computer, set the host to 0.0.0.0 (every network) and start again.</source>
        <translation>只有本机能打开聊天页面：服务器监听在 %1。要在手机或其他电脑上打开，请把主机设为 0.0.0.0（所有网络）后重新启动。</translation>
    </message>
    <message>
        <source>No network interface is up: other devices cannot reach this computer now.</source>
        <translation>没有已启用的网络接口：其他设备目前无法访问这台电脑。</translation>
    </message>
    <message>
        <source>Scan the code with a phone on the same network, or type the address into its browser.</source>
        <translation>用同一网络中的手机扫描二维码，或在其浏览器中输入该地址。</translation>
    </message>
    <message>
        <source>The address contains the access token: whoever scans it can connect.</source>
        <translation>该地址包含访问令牌：任何扫描它的人都能连接。</translation>
    </message>
    <message>
        <source>The phone warns about the certificate unless it trusts it (a self-signed one it does not).</source>
        <translation>除非手机信任该证书，否则会发出证书警告（自签名证书不受信任）。</translation>
    </message>
    <message>
        <source>Nothing opens? Both devices must be on the same network, and a firewall on this computer may block port %1.</source>
        <translation>打不开？两台设备必须在同一网络中，并且本机的防火墙可能拦截了端口 %1。</translation>
    </message>
</context>
<context>
    <name>Duplex::TlsBridge</name>
    <message>
        <source>no TLS handshake within %1 ms</source>
        <translation>%1 毫秒内未完成 TLS 握手</translation>
    </message>
    <message>
        <source>plain HTTP on the TLS port: this port speaks https:// and wss://</source>
        <translation>TLS 端口收到明文 HTTP：此端口使用 https:// 和 wss://</translation>
    </message>
    <message>
        <source>TLS handshake failed: the client hung up</source>
        <translation>TLS 握手失败：客户端已断开</translation>
    </message>
    <message>
        <source>TLS handshake failed: %1</source>
        <translation>TLS 握手失败：%1</translation>
    </message>
    <message>
        <source>out of file descriptors</source>
        <translation>文件描述符已用尽</translation>
    </message>
</context>
<context>
    <name>Duplex::TlsRecords</name>
    <message>
        <source>a TLS ChangeCipherSpec after the handshake</source>
        <translation>握手之后收到 TLS ChangeCipherSpec</translation>
    </message>
    <message>
        <source>not a TLS 1.3 record</source>
        <translation>不是 TLS 1.3 记录</translation>
    </message>
    <message>
        <source>a TLS record that does not decrypt (bad_record_mac)</source>
        <translation>无法解密的 TLS 记录（bad_record_mac）</translation>
    </message>
    <message>
        <source>a TLS record without a content type</source>
        <translation>没有内容类型的 TLS 记录</translation>
    </message>
    <message>
        <source>the client sent TLS alert %1</source>
        <translation>客户端发送了 TLS 警报 %1</translation>
    </message>
    <message>
        <source>a TLS key update failed</source>
        <translation>TLS 密钥更新失败</translation>
    </message>
    <message>
        <source>an unexpected TLS message after the handshake (type %1)</source>
        <translation>握手之后收到意外的 TLS 消息（类型 %1）</translation>
    </message>
</context>
<context>
    <name>Duplex::TrafficGraph</name>
    <message>
        <source>in %1/s</source>
        <translation>入站 %1/s</translation>
    </message>
    <message>
        <source>out %1/s</source>
        <translation>出站 %1/s</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>max %1 msg/s · 5 min</source>
        <translation>最高 %1 msg/s · 5 分钟</translation>
    </message>
</context>
<context>
    <name>Duplex::WatchedFile</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: larger than %2 MiB</source>
        <translation>%1：超过 %2 MiB</translation>
    </message>
</context>
<context>
    <name>Duplex::WebSocketClient</name>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>connected (subprotocol %1)</source>
        <translation>已连接（子协议 %1）</translation>
    </message>
    <message numerus="yes">
        <source>%n ms</source>
        <translation>
            <numerusform>%n 毫秒</numerusform>
        </translation>
    </message>
    <message>
        <source>connecting to %1 …</source>
        <translation>正在连接 %1 …</translation>
    </message>
    <message>
        <source>the connection dropped without a close frame</source>
        <translation>连接中断，未收到关闭帧</translation>
    </message>
    <message>
        <source>closed (%1)</source>
        <translation>已关闭（%1）</translation>
    </message>
    <message>
        <source>closed (%1 %2)</source>
        <translation>已关闭（%1 %2）</translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server did not answer the close frame within %n ms</source>
        <translation>
            <numerusform>服务器未在 %n 毫秒内响应关闭帧</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>timed out after %n ms without a connection</source>
        <translation>
            <numerusform>%n 毫秒内未能建立连接，已超时</numerusform>
        </translation>
    </message>
    <message>
        <source>invalid WebSocket URL &quot;%1&quot;: use ws:// or wss://</source>
        <translation>无效的 WebSocket URL“%1”：请使用 ws:// 或 wss://</translation>
    </message>
    <message>
        <source>the server refused the token (HTTP 401): add ?token=… to the URL or send an &quot;Authorization: Bearer …&quot; header</source>
        <translation>服务器拒绝了令牌（HTTP 401）：请在 URL 中加上 ?token=…，或发送“Authorization: Bearer …”请求头</translation>
    </message>
    <message>
        <source>the server refused this client (HTTP 403): its origin or address is not allowed</source>
        <translation>服务器拒绝了此客户端（HTTP 403）：其来源（Origin）或地址不被允许</translation>
    </message>
    <message>
        <source>no WebSocket endpoint at %1 (HTTP 404): check the path</source>
        <translation>%1 处没有 WebSocket 端点（HTTP 404）：请检查路径</translation>
    </message>
    <message>
        <source>the server is refusing connections for now (HTTP 429): try again later</source>
        <translation>服务器暂时拒绝连接（HTTP 429）：请稍后再试</translation>
    </message>
    <message>
        <source>the server is full or unavailable (HTTP 503): try again later</source>
        <translation>服务器已满或不可用（HTTP 503）：请稍后再试</translation>
    </message>
    <message>
        <source>the server refused the WebSocket handshake (HTTP %1)</source>
        <translation>服务器拒绝了 WebSocket 握手（HTTP %1）</translation>
    </message>
    <message>
        <source>the server did not answer with TLS: this port speaks plain ws://, try %1</source>
        <translation>服务器没有用 TLS 应答：此端口使用未加密的 ws://，请尝试 %1</translation>
    </message>
    <message>
        <source>connection refused: nothing listens on %1 port %2 (is the server running, is the port right?)</source>
        <translation>连接被拒绝：%1 的 %2 端口上没有服务在监听（服务器是否在运行？端口是否正确？）</translation>
    </message>
    <message>
        <source>host &quot;%1&quot; not found</source>
        <translation>找不到主机“%1”</translation>
    </message>
    <message>
        <source>the server accepted none of the subprotocols asked for (%1)</source>
        <translation>服务器没有接受所请求的任何子协议（%1）</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1</source>
        <translation>服务器的证书不受信任：%1</translation>
    </message>
    <message>
        <source>connecting cancelled</source>
        <translation>已取消连接</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Close code %1 cannot be sent: use 1000-1003, 1007-1014 or 3000-4999.</source>
        <translation>不能发送关闭码 %1：请使用 1000-1003、1007-1014 或 3000-4999。</translation>
    </message>
    <message>
        <source>The close reason is %1 bytes; at most 123 fit in a close frame.</source>
        <translation>关闭原因有 %1 字节；关闭帧最多容纳 123 字节。</translation>
    </message>
    <message>
        <source>the server did not agree to compression (permessage-deflate): messages go uncompressed</source>
        <translation>服务器不同意压缩（permessage-deflate）：消息将不压缩发送</translation>
    </message>
    <message>
        <source>compression agreed: %1</source>
        <translation>已商定压缩：%1</translation>
    </message>
</context>
<context>
    <name>Duplex::WsClientSocket</name>
    <message>
        <source>the server&apos;s handshake response is over %1 bytes</source>
        <translation>服务器的握手响应超过 %1 字节</translation>
    </message>
    <message>
        <source>the server did not answer with HTTP: &quot;%1&quot;</source>
        <translation>服务器没有以 HTTP 应答：“%1”</translation>
    </message>
    <message>
        <source>the server answered the handshake with HTTP status code: %1 %2</source>
        <translation>服务器以 HTTP 状态码应答握手：status code: %1 %2</translation>
    </message>
    <message>
        <source>no &quot;Upgrade: websocket&quot; in the server&apos;s handshake response</source>
        <translation>服务器的握手响应中没有“Upgrade: websocket”</translation>
    </message>
    <message>
        <source>no &quot;Connection: Upgrade&quot; in the server&apos;s handshake response</source>
        <translation>服务器的握手响应中没有“Connection: Upgrade”</translation>
    </message>
    <message>
        <source>the server&apos;s Sec-WebSocket-Accept does not match the key sent</source>
        <translation>服务器的 Sec-WebSocket-Accept 与发送的密钥不符</translation>
    </message>
    <message>
        <source>the server chose the subprotocol &quot;%1&quot;, which was not asked for</source>
        <translation>服务器选择了未请求的子协议“%1”</translation>
    </message>
    <message>
        <source>compressing a message failed</source>
        <translation>压缩消息失败</translation>
    </message>
    <message>
        <source>the server closed the connection during the handshake</source>
        <translation>服务器在握手期间关闭了连接</translation>
    </message>
</context>
<context>
    <name>Duplex::WsFraming::FrameParser</name>
    <message>
        <source>reserved bits set without an extension that defines them</source>
        <translation>设置了保留位,但没有协商定义它们的扩展</translation>
    </message>
    <message>
        <source>reserved opcode %1</source>
        <translation>保留的操作码 %1</translation>
    </message>
    <message>
        <source>fragmented control frame</source>
        <translation>控制帧被分片</translation>
    </message>
    <message>
        <source>control frame over 125 bytes</source>
        <translation>控制帧超过 125 字节</translation>
    </message>
    <message>
        <source>frame length not in its shortest form</source>
        <translation>帧长度未使用最短编码</translation>
    </message>
    <message>
        <source>64-bit frame length with the top bit set</source>
        <translation>64 位帧长度的最高位被置位</translation>
    </message>
    <message>
        <source>unmasked client frame</source>
        <translation>客户端帧未加掩码</translation>
    </message>
    <message>
        <source>continuation frame without a message to continue</source>
        <translation>延续帧之前没有未完成的消息</translation>
    </message>
    <message>
        <source>new message inside a fragmented one</source>
        <translation>分片消息尚未结束又开始了新消息</translation>
    </message>
    <message>
        <source>frame of %1 bytes is over the limit of %2</source>
        <translation>%1 字节的帧超过了 %2 字节的上限</translation>
    </message>
    <message>
        <source>message of %1 bytes or more is over the limit of %2</source>
        <translation>至少 %1 字节的消息超过了 %2 字节的上限</translation>
    </message>
    <message>
        <source>close frame with a 1-byte payload</source>
        <translation>关闭帧的负载只有 1 字节</translation>
    </message>
    <message>
        <source>invalid close code %1</source>
        <translation>无效的关闭码 %1</translation>
    </message>
    <message>
        <source>close reason is not valid UTF-8</source>
        <translation>关闭原因不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>text message is not valid UTF-8</source>
        <translation>文本消息不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>compressed control frame</source>
        <translation>控制帧被压缩</translation>
    </message>
    <message>
        <source>compression bit on a continuation frame</source>
        <translation>延续帧设置了压缩位</translation>
    </message>
    <message>
        <source>compressed message cannot be inflated: %1</source>
        <translation>压缩的消息无法解压：%1</translation>
    </message>
    <message>
        <source>masked server frame</source>
        <translation>服务器帧带有掩码</translation>
    </message>
</context>
<context>
    <name>Faults</name>
    <message>
        <source>&quot;%1&quot; must be a whole number from 0 to %2</source>
        <translation>“%1”必须是 0 到 %2 之间的整数</translation>
    </message>
    <message>
        <source>latency %1 ms ± %2</source>
        <translation>延迟 %1 毫秒 ± %2</translation>
    </message>
    <message>
        <source>latency %1 ms</source>
        <translation>延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>%1 bytes/s</source>
        <translation>%1 字节/秒</translation>
    </message>
    <message>
        <source>drop %1 %</source>
        <translation>丢弃 %1 %</translation>
    </message>
    <message>
        <source>pings unanswered</source>
        <translation>不应答 Ping</translation>
    </message>
    <message>
        <source>not reading</source>
        <translation>不读取</translation>
    </message>
    <message>
        <source>handshakes refused with %1 (%2 %)</source>
        <translation>握手以 %1 拒绝（%2 %）</translation>
    </message>
    <message>
        <source>handshakes delayed %1 ms</source>
        <translation>握手延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; (known: %2)</source>
        <translation>未知字段“%1”（可用：%2）</translation>
    </message>
    <message>
        <source>&quot;bytesPerSecond&quot; must be a whole number, 0 for no limit</source>
        <translation>“bytesPerSecond”必须是整数，0 表示不限</translation>
    </message>
    <message>
        <source>&quot;dropPercent&quot; must be a number from 0 to 100</source>
        <translation>“dropPercent”必须是 0 到 100 之间的数</translation>
    </message>
    <message>
        <source>&quot;seed&quot; must be a whole number from 0 to 4294967295</source>
        <translation>“seed”必须是 0 到 4294967295 之间的整数</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>“%1”必须是 true 或 false</translation>
    </message>
    <message>
        <source>&quot;handshake&quot; must be an object: {&quot;status&quot;, &quot;percent&quot;, &quot;retryAfter&quot;, &quot;delayMs&quot;}</source>
        <translation>“handshake”必须是对象：{&quot;status&quot;, &quot;percent&quot;, &quot;retryAfter&quot;, &quot;delayMs&quot;}</translation>
    </message>
    <message>
        <source>unknown field &quot;handshake.%1&quot;</source>
        <translation>未知字段“handshake.%1”</translation>
    </message>
    <message>
        <source>&quot;handshake.status&quot; must be an HTTP error status from 400 to 599</source>
        <translation>“handshake.status”必须是 400 到 599 之间的 HTTP 错误状态码</translation>
    </message>
    <message>
        <source>&quot;handshake.percent&quot; must be a number from 0 to 100</source>
        <translation>“handshake.percent”必须是 0 到 100 之间的数</translation>
    </message>
    <message>
        <source>&quot;connections&quot; must be an array of connection ids</source>
        <translation>“connections”必须是连接 ID 的数组</translation>
    </message>
    <message>
        <source>&quot;connections&quot; must hold connection ids (whole numbers from 1)</source>
        <translation>“connections”必须包含连接 ID（从 1 开始的整数）</translation>
    </message>
    <message>
        <source>handshake faults apply to the whole server, not to connections that are already open</source>
        <translation>握手故障作用于整个服务器，而不是已经打开的连接</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a number, not &quot;%2&quot;</source>
        <translation>“%1”需要一个数，而不是“%2”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is on or off, not &quot;%2&quot;</source>
        <translation>“%1”只能是 on 或 off，而不是“%2”</translation>
    </message>
    <message>
        <source>unknown fault &quot;%1&quot; (latency, jitter, rate, drop, seed, pings, read, status, percent, retry, handshake-delay, connections)</source>
        <translation>未知故障“%1”（latency、jitter、rate、drop、seed、pings、read、status、percent、retry、handshake-delay、connections）</translation>
    </message>
</context>
<context>
    <name>Har</name>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation>不是 JSON：第 %2 字节处%1</translation>
    </message>
    <message>
        <source>not a HAR file: no log.entries</source>
        <translation>不是 HAR 文件：没有 log.entries</translation>
    </message>
    <message>
        <source>the HAR file holds no WebSocket connection</source>
        <translation>HAR 文件中没有 WebSocket 连接</translation>
    </message>
</context>
<context>
    <name>LogExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>PayloadFormat</name>
    <message numerus="yes">
        <source>… %n more byte(s)</source>
        <translation>
            <numerusform>… 还有 %n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation>不是 JSON：第 %2 字节处%1</translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message numerus="yes">
        <source>replaying %n message(s) to %1</source>
        <translation>
            <numerusform>正在向 %1 重放 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>could not connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>run again with --insecure to accept it</source>
        <translation>加上 --insecure 重新运行即可接受它</translation>
    </message>
    <message>
        <source>the server sent more than was recorded: answer %1 is new:
  received: %2</source>
        <translation>服务器发送的比录制时多：第 %1 条应答是新的：
  收到：%2</translation>
    </message>
    <message>
        <source>answer %1 differs:
  recorded: %2
  received: %3</source>
        <translation>第 %1 条应答不同：
  录制：%2
  收到：%3</translation>
    </message>
    <message>
        <source>%1 of %2 recorded answers came back; the first missing:
  recorded: %3</source>
        <translation>录制的 %2 条应答只收到 %1 条；第一条缺失的：
  录制：%3</translation>
    </message>
    <message numerus="yes">
        <source>replayed %n message(s); every answer as recorded</source>
        <translation>
            <numerusform>已重放 %n 条消息；所有应答与录制一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>replayed %n message(s)</source>
        <translation>
            <numerusform>已重放 %n 条消息</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplayCommandLine</name>
    <message>
        <source>Replays a WebSocket connection recorded in a HAR file (Chrome DevTools&apos; &quot;Save all as HAR&quot;, Duplex&apos;s export or GET /api/log.har): the messages the client sent go out again with their original timing; with --expect, what the server answers is compared with what it answered then.

Exit codes: 0 done (with --expect: every answer as recorded), 1 an answer differs, 2 bad arguments or file, 3 could not connect.</source>
        <translation>重放 HAR 文件中录制的 WebSocket 连接（Chrome DevTools 的“Save all as HAR”、Duplex 的导出或 GET /api/log.har）：客户端当时发送的消息按原来的时间间隔再次发出；使用 --expect 时，把服务器现在的应答与当时的应答比较。

退出码：0 完成（使用 --expect 时：所有应答与录制一致），1 有应答不同，2 参数或文件有误，3 无法连接。</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>子命令。</translation>
    </message>
    <message>
        <source>The HAR file.</source>
        <translation>HAR 文件。</translation>
    </message>
    <message>
        <source>Connect here instead of the recorded URL.</source>
        <translation>连接到这里，而不是录制的 URL。</translation>
    </message>
    <message>
        <source>ws://…</source>
        <translation>ws://…</translation>
    </message>
    <message>
        <source>Which WebSocket connection of the file, counted from 1 (default 1).</source>
        <translation>使用文件中的第几个 WebSocket 连接，从 1 开始数（默认 1）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>1 keeps the recorded timing (default), 2 twice as fast, max without waiting.</source>
        <translation>1 保持录制的时间间隔（默认），2 快一倍，max 不等待。</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Compare the server&apos;s answers with the recorded ones; exit 1 on the first difference.</source>
        <translation>把服务器的应答与录制的比较；遇到第一处不同即以 1 退出。</translation>
    </message>
    <message>
        <source>After the last message, wait this long without an answer before finishing (default 1000).</source>
        <translation>发出最后一条消息后，若这么长时间没有应答就结束（默认 1000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Accept any TLS certificate.</source>
        <translation>接受任何 TLS 证书。</translation>
    </message>
    <message>
        <source>Print only the verdict.</source>
        <translation>只打印结论。</translation>
    </message>
    <message>
        <source>Give one HAR file after &quot;replay&quot; (see replay --help).</source>
        <translation>请在“replay”后给出一个 HAR 文件（见 replay --help）。</translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2</source>
        <translation>“%1”：%2</translation>
    </message>
    <message>
        <source>--connection must be from 1 to %1 (the WebSocket connections in the file).</source>
        <translation>--connection 必须在 1 到 %1 之间（文件中的 WebSocket 连接数）。</translation>
    </message>
    <message>
        <source>Invalid URL &quot;%1&quot;: use ws://host:port/path or wss://…</source>
        <translation>无效的 URL“%1”：请使用 ws://主机:端口/路径 或 wss://…</translation>
    </message>
    <message>
        <source>Invalid --speed &quot;%1&quot;: give 1, 2, 0.5 … or max.</source>
        <translation>无效的 --speed“%1”：请给出 1、2、0.5 … 或 max。</translation>
    </message>
    <message>
        <source>Invalid --wait &quot;%1&quot;: give a number of milliseconds.</source>
        <translation>无效的 --wait“%1”：请给出毫秒数。</translation>
    </message>
    <message>
        <source>binary %1</source>
        <translation>二进制 %1</translation>
    </message>
</context>
<context>
    <name>ServerCommandLine</name>
    <message>
        <source>Duplex WebSocket chat server: one port serves the chat page over HTTP and takes WebSocket connections.</source>
        <translation>Duplex WebSocket 聊天服务器：同一个端口既通过 HTTP 提供聊天页面，又接受 WebSocket 连接。</translation>
    </message>
    <message>
        <source>Address to listen on (default 127.0.0.1; * for all).</source>
        <translation>监听地址（默认 127.0.0.1；* 表示所有地址）。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port to listen on (default 8090; 0 picks a free one).</source>
        <translation>监听端口（默认 8090；0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>What to do with messages: echo, broadcast or raw.</source>
        <translation>消息处理方式：echo、broadcast 或 raw。</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Serve files from this folder instead of the built-in chat page.</source>
        <translation>从此文件夹提供文件，而不使用内置聊天页面。</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Echo reply template; {text}, {id}, {name} and {time} are filled in.</source>
        <translation>回显回复模板；{text}、{id}、{name} 和 {time} 会被自动填入。</translation>
    </message>
    <message>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Do not log connections and messages.</source>
        <translation>不记录连接和消息日志。</translation>
    </message>
    <message>
        <source>Also log the frames the server sends.</source>
        <translation>同时记录服务器发送的帧。</translation>
    </message>
    <message>
        <source>Log format: text or json.</source>
        <translation>日志格式：text 或 json。</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Largest message a client may send, in bytes (default 1 MiB).</source>
        <translation>客户端可发送的最大消息字节数（默认 1 MiB）。</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Language of messages, e.g. en or zh_CN.</source>
        <translation>消息语言，例如 en 或 zh_CN。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Invalid address &quot;%1&quot;: give an IPv4 or IPv6 address such as 127.0.0.1 or ::1.</source>
        <translation>无效的地址“%1”：请提供 IPv4 或 IPv6 地址，例如 127.0.0.1 或 ::1。</translation>
    </message>
    <message>
        <source>Invalid port &quot;%1&quot;: give a number from 0 to 65535.</source>
        <translation>无效的端口“%1”：请输入 0 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Invalid mode &quot;%1&quot;: use echo, broadcast or raw.</source>
        <translation>无效的模式“%1”：请使用 echo、broadcast 或 raw。</translation>
    </message>
    <message>
        <source>The document root &quot;%1&quot; is not a folder.</source>
        <translation>文档根目录“%1”不是文件夹。</translation>
    </message>
    <message>
        <source>Invalid message size &quot;%1&quot;.</source>
        <translation>无效的消息大小“%1”。</translation>
    </message>
    <message>
        <source>Invalid log format &quot;%1&quot;: use text or json.</source>
        <translation>无效的日志格式“%1”：请使用 text 或 json。</translation>
    </message>
    <message>
        <source>Duplex listening on %1</source>
        <translation>Duplex 正在监听 %1</translation>
    </message>
    <message>
        <source>Mode: %1</source>
        <translation>模式：%1</translation>
    </message>
    <message>
        <source>Shutting down: closing every connection with 1001</source>
        <translation>正在关闭：以 1001 关闭所有连接</translation>
    </message>
    <message>
        <source>Chat as one with the other servers on this Redis server, e.g. redis://127.0.0.1:6379.</source>
        <translation>通过此 Redis 服务器与其他服务器组成一个聊天集群,例如 redis://127.0.0.1:6379。</translation>
    </message>
    <message>
        <source>url</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>This server&apos;s name in the cluster (default: host name and port).</source>
        <translation>本服务器在集群中的名称(默认:主机名和端口)。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Keep the message log and chat history in this SQLite file (default: in the app data folder).</source>
        <translation>将消息日志和聊天记录保存在此 SQLite 文件中（默认：应用数据文件夹）。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Keep no message log or chat history on disk.</source>
        <translation>不在磁盘上保存消息日志和聊天记录。</translation>
    </message>
    <message>
        <source>Most WebSocket connections at once; the next gets HTTP 503 (default 10000).</source>
        <translation>同时允许的最多 WebSocket 连接数;超出的连接得到 HTTP 503(默认 10000)。</translation>
    </message>
    <message>
        <source>n</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Most messages per second from one connection; more closes it with 1008 (default 0: no limit).</source>
        <translation>单个连接每秒最多的消息数;超出则以 1008 关闭(默认 0:不限制)。</translation>
    </message>
    <message>
        <source>Ping every client this often, in seconds (default 30; 0: never).</source>
        <translation>每隔多少秒 ping 一次每个客户端(默认 30;0:从不)。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Drop a client that has not answered for this long, in seconds (default 75).</source>
        <translation>客户端超过这么多秒没有响应就断开(默认 75)。</translation>
    </message>
    <message>
        <source>Close a client that does not read once this many bytes wait for it (default 4 MiB).</source>
        <translation>不读取数据的客户端,待发送数据超过这么多字节时关闭它(默认 4 MiB)。</translation>
    </message>
    <message>
        <source>Also accept WebSocket connections from pages of this origin (repeatable; * for any). Same origin, localhost and clients without Origin are always accepted.</source>
        <translation>也接受来自此来源页面的 WebSocket 连接(可重复;* 表示任意来源)。同源、localhost 和不带 Origin 的客户端总是被接受。</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Require this access token from WebSocket clients (?token= or Authorization: Bearer) and on /api/.</source>
        <translation>要求 WebSocket 客户端(?token= 或 Authorization: Bearer)和 /api/ 提供此访问令牌。</translation>
    </message>
    <message>
        <source>token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>PEM certificate: serve https:// and wss://.</source>
        <translation>PEM 证书:提供 https:// 和 wss://。</translation>
    </message>
    <message>
        <source>PEM private key for --cert.</source>
        <translation>--cert 对应的 PEM 私钥。</translation>
    </message>
    <message>
        <source>--database and --no-history exclude each other.</source>
        <translation>--database 与 --no-history 不能同时使用。</translation>
    </message>
    <message>
        <source>--database needs a file name.</source>
        <translation>--database 需要一个文件名。</translation>
    </message>
    <message>
        <source>Invalid --max-connections &quot;%1&quot;.</source>
        <translation>无效的 --max-connections“%1”。</translation>
    </message>
    <message>
        <source>Invalid --rate-limit &quot;%1&quot;.</source>
        <translation>无效的 --rate-limit“%1”。</translation>
    </message>
    <message>
        <source>Invalid --heartbeat &quot;%1&quot;.</source>
        <translation>无效的 --heartbeat“%1”。</translation>
    </message>
    <message>
        <source>Invalid --heartbeat-timeout &quot;%1&quot;.</source>
        <translation>无效的 --heartbeat-timeout“%1”。</translation>
    </message>
    <message>
        <source>Invalid --max-pending-output &quot;%1&quot;: give at least 1024 bytes.</source>
        <translation>无效的 --max-pending-output“%1”:至少为 1024 字节。</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert 和 --key 必须一起使用。</translation>
    </message>
    <message>
        <source>Largest frame a client may send, in bytes (default: the largest message).</source>
        <translation>客户端可发送的最大帧字节数（默认：与最大消息相同）。</translation>
    </message>
    <message>
        <source>Drop a client that sends no complete request or handshake within this many seconds (default 10).</source>
        <translation>客户端在这么多秒内没有发送完整的请求或握手就断开（默认 10）。</translation>
    </message>
    <message>
        <source>Largest request head, in bytes; a larger one gets 431 (default 16384).</source>
        <translation>请求头的最大字节数；超过则得到 431（默认 16384）。</translation>
    </message>
    <message>
        <source>Invalid --max-frame-size &quot;%1&quot;.</source>
        <translation>无效的 --max-frame-size“%1”。</translation>
    </message>
    <message>
        <source>Invalid --handshake-timeout &quot;%1&quot;: give seconds from 0.1 to 3600.</source>
        <translation>无效的 --handshake-timeout“%1”：请给出 0.1 到 3600 之间的秒数。</translation>
    </message>
    <message>
        <source>Invalid --max-header-size &quot;%1&quot;: give 256 to 1048576 bytes.</source>
        <translation>无效的 --max-header-size“%1”：请给出 256 到 1048576 之间的字节数。</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Invalid --threads &quot;%1&quot;: give 1 to 64, or 0 for one per CPU core.</source>
        <translation>无效的 --threads “%1”：请给出 1 到 64，或用 0 表示每个 CPU 核心一个。</translation>
    </message>
    <message>
        <source>Network threads serving WebSocket connections (default 0: one per CPU core this process may use, here %1).</source>
        <translation>服务 WebSocket 连接的网络线程数（默认 0：本进程可用的每个 CPU 核心一个，本机为 %1）。</translation>
    </message>
    <message>
        <source>Auto-reply rules from this JSON file, reloaded when it changes and on SIGHUP (README &quot;Rules&quot;).</source>
        <translation>从此 JSON 文件读取自动回复规则，文件变化时和收到 SIGHUP 时重新加载（见 README“Rules”）。</translation>
    </message>
    <message>
        <source>--rules needs a file name.</source>
        <translation>--rules 需要一个文件名。</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) from %1</source>
        <translation>
            <numerusform>从 %1 读取了 %n 条规则</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rules reloaded: %n rule(s) from %1</source>
        <translation>
            <numerusform>规则已重新加载：从 %1 读取了 %n 条规则</numerusform>
        </translation>
    </message>
    <message>
        <source>rules not reloaded, the previous ones stay: %1</source>
        <translation>规则未重新加载，仍使用之前的规则：%1</translation>
    </message>
    <message>
        <source>JavaScript handlers (server.on(&apos;message&apos;, …)) from this file, reloaded when it changes and on SIGHUP (README &quot;Scripting&quot;).</source>
        <translation>从此文件读取 JavaScript 处理函数（server.on(&apos;message&apos;, …)），文件变化时和收到 SIGHUP 时重新加载（见 README“Scripting”）。</translation>
    </message>
    <message>
        <source>Stop a script handler that runs longer than this (default 200).</source>
        <translation>脚本处理函数运行超过这么久就中止（默认 200）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>--script needs a file name.</source>
        <translation>--script 需要一个文件名。</translation>
    </message>
    <message>
        <source>Invalid --script-timeout &quot;%1&quot;: give 1 to 60000 ms.</source>
        <translation>无效的 --script-timeout“%1”：请给出 1 到 60000 毫秒。</translation>
    </message>
    <message>
        <source>Script: %1</source>
        <translation>脚本：%1</translation>
    </message>
    <message>
        <source>Script reloaded from %1</source>
        <translation>已从 %1 重新加载脚本</translation>
    </message>
    <message>
        <source>script not reloaded, the previous one keeps running: %1</source>
        <translation>脚本未重新加载，之前的脚本继续运行：%1</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;: options start with -- (see --help).</source>
        <translation>多余的参数“%1”：选项都以 -- 开头（见 --help）。</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;: use %2.</source>
        <translation>未知的语言“%1”：请使用 %2。</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>回显（echo）</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播（broadcast）</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>原样返回（raw）</translation>
    </message>
    <message>
        <source>Inject faults to test clients (README &quot;Testing your client&quot;): comma-separated latency=MS, jitter=MS, rate=BYTES_PER_S, drop=PERCENT, seed=N, pings=off, read=off, status=HTTP_STATUS, percent=PERCENT, retry=S, handshake-delay=MS; changed later with PUT /api/faults.</source>
        <translation>注入故障以测试客户端（见 README“Testing your client”）：以逗号分隔的 latency=毫秒、jitter=毫秒、rate=字节每秒、drop=百分比、seed=N、pings=off、read=off、status=HTTP状态码、percent=百分比、retry=秒、handshake-delay=毫秒；之后可用 PUT /api/faults 修改。</translation>
    </message>
    <message>
        <source>list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Invalid --fault &quot;%1&quot;: %2</source>
        <translation>无效的 --fault“%1”：%2</translation>
    </message>
    <message>
        <source>--fault applies to the whole server; per connection, use PUT /api/faults.</source>
        <translation>--fault 作用于整个服务器；针对单个连接请用 PUT /api/faults。</translation>
    </message>
    <message>
        <source>Faults on: %1</source>
        <translation>故障注入中：%1</translation>
    </message>
    <message>
        <source>Serve GET /metrics (Prometheus) without the access token.</source>
        <translation>无需访问令牌即可访问 GET /metrics（Prometheus）。</translation>
    </message>
    <message>
        <source>Print the chat page&apos;s address on each network interface and a QR code to open it on a phone (with --host 0.0.0.0 or another address beyond this computer).</source>
        <translation>打印聊天页面在各个网络接口上的地址，以及在手机上打开它的二维码（需配合 --host 0.0.0.0 或本机以外的其他地址）。</translation>
    </message>
    <message>
        <source>No network interface is up: other devices cannot reach this computer now.</source>
        <translation>没有已启用的网络接口：其他设备目前无法访问这台电脑。</translation>
    </message>
    <message>
        <source>Only this computer can open the page: the server listens on %1. Start it with --host 0.0.0.0 to open it on a phone.</source>
        <translation>只有本机能打开该页面：服务器监听在 %1。用 --host 0.0.0.0 启动即可在手机上打开。</translation>
    </message>
    <message>
        <source>Open on another device:</source>
        <translation>在其他设备上打开：</translation>
    </message>
    <message>
        <source>virtual</source>
        <translation>虚拟</translation>
    </message>
    <message>
        <source>The address contains the access token: whoever scans it can connect.</source>
        <translation>该地址包含访问令牌：任何扫描它的人都能连接。</translation>
    </message>
    <message>
        <source>Do not agree to permessage-deflate compression when a client offers it.</source>
        <translation>客户端提出 permessage-deflate 压缩时不予同意。</translation>
    </message>
    <message>
        <source>What serves WebSocket connections: native (Duplex&apos;s own framing, the default) or qt (QWebSocketServer).</source>
        <translation>由谁处理 WebSocket 连接：native（Duplex 自有分帧，默认）或 qt（QWebSocketServer）。</translation>
    </message>
    <message>
        <source>engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Invalid --engine &quot;%1&quot;: give native or qt.</source>
        <translation>无效的 --engine &quot;%1&quot;：请填写 native 或 qt。</translation>
    </message>
    <message>
        <source>Engine: Qt WebSockets (QWebSocketServer; no compression, less strict framing: README &quot;Engines&quot;)</source>
        <translation>引擎：Qt WebSockets（QWebSocketServer；不压缩，分帧检查较宽松：见 README“Engines”）</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>could not send the message</source>
        <translation>无法发送消息</translation>
    </message>
    <message>
        <source>could not send a line: the connection is not open</source>
        <translation>无法发送此行：连接未打开</translation>
    </message>
    <message>
        <source>could not connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>the server closed the connection: %1</source>
        <translation>服务器关闭了连接：%1</translation>
    </message>
    <message numerus="yes">
        <source>[binary %n bytes]</source>
        <translation>
            <numerusform>[二进制 %n 字节]</numerusform>
        </translation>
    </message>
    <message>
        <source>[ping]</source>
        <translation>[ping]</translation>
    </message>
    <message>
        <source>[ping] %1</source>
        <translation>[ping] %1</translation>
    </message>
    <message>
        <source>[pong %1]</source>
        <translation>[pong %1]</translation>
    </message>
    <message>
        <source>[close %1]</source>
        <translation>[关闭 %1]</translation>
    </message>
    <message>
        <source>run again with --insecure to accept it</source>
        <translation>加上 --insecure 重新运行即可接受它</translation>
    </message>
    <message>
        <source>warning: the server accepted none of the subprotocols asked for (%1)</source>
        <translation>警告：服务器没有接受所请求的任何子协议（%1）</translation>
    </message>
    <message>
        <source>could not ping: not connected, or the text is over 125 bytes</source>
        <translation>无法发送 ping：未连接，或文本超过 125 字节</translation>
    </message>
    <message>
        <source>Commands: /ping [text], /close [code [reason]], //text sends &quot;/text&quot;.</source>
        <translation>命令：/ping [文本]、/close [关闭码 [原因]]；//文本 会发送“/文本”。</translation>
    </message>
    <message>
        <source>unknown command %1: try /help, or start the line with // to send it as text</source>
        <translation>未知命令 %1：试试 /help，或以 // 开头把这一行作为文本发送</translation>
    </message>
    <message>
        <source>[deflate: %1 of %2 bytes on the wire]</source>
        <translation>[deflate：%2 字节中线路上 %1 字节]</translation>
    </message>
</context>
</TS>
