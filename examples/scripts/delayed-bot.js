// A bot that thinks before it answers: replies come after a delay, without holding up anyone else.
const answers = [
    [/^(hi|hello|你好)/i, (name) => `hello ${name}!`],
    [/\?$/, () => 'good question, let me think… 42'],
    [/^bye$/i, () => null],
];

const names = new Map();
server.on('open', (req) => names.set(req.fd, req.query.name || `#${req.fd}`));
server.on('close', (fd) => names.delete(fd));

server.on('message', (frame) => {
    if (typeof frame.data !== 'string') {
        server.push(frame.fd, frame.data); // binary comes back as it came
        return;
    }
    const found = answers.find(([pattern]) => pattern.test(frame.data));
    if (found && found[1]() === null) {
        server.close(frame.fd, 4000, 'bye');
        return;
    }
    const reply = found ? found[1](names.get(frame.fd)) : `you said "${frame.data}"`;
    server.push(frame.fd, '…'); // typing
    setTimeout(() => server.push(frame.fd, reply), 300 + frame.data.length * 10);
});
