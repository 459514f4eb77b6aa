// The seed's Swoole WebSocket server, in Duplex: log who comes and goes, answer every message with the sentence.
server.on('open', (req) => {
    console.log(`server: handshake success with fd${req.fd}`);
});

server.on('message', (frame) => {
    console.log(`receive from ${frame.fd}:${frame.data},opcode:${frame.opcode},fin:${frame.finish}`);
    server.push(frame.fd, '我是服务端,我已收到您的消息,您说的是:' + frame.data);
});

server.on('close', (fd) => {
    console.log(`client ${fd} closed`);
});
