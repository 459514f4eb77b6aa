// A price ticker: every connection gets a tick every second until it leaves; "stop" and "start" control it.
const tickers = new Map(); // fd → interval id
let price = 100;

setInterval(() => {
    price = Math.max(1, price + (Math.random() - 0.5) * 2);
}, 250);

function start(fd) {
    if (!tickers.has(fd))
        tickers.set(fd, setInterval(() => server.push(fd, { type: 'tick', price: Number(price.toFixed(2)) }), 1000));
}

function stop(fd) {
    clearInterval(tickers.get(fd));
    tickers.delete(fd);
}

server.on('open', (req) => start(req.fd));
server.on('message', (frame) => {
    if (frame.data === 'stop')
        stop(frame.fd);
    else if (frame.data === 'start')
        start(frame.fd);
    server.push(frame.fd, { type: 'ack', ticking: tickers.has(frame.fd) });
});
server.on('close', (fd) => stop(fd)); // timers die with their connection
