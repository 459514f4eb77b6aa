// Chat rooms: "/join ROOM" moves you to a room, "/who" lists it, anything else goes to everyone in your room.
// The tables are plain globals: every connection shares them, like a one-worker Swoole server.
const roomOf = new Map(); // fd → room
const nameOf = new Map(); // fd → name

function members(room) {
    return [...roomOf].filter(([, r]) => r === room).map(([fd]) => fd);
}

function tell(room, text, exceptFd) {
    for (const fd of members(room)) {
        if (fd !== exceptFd)
            server.push(fd, text);
    }
}

server.on('open', (req) => {
    nameOf.set(req.fd, req.query.name || `#${req.fd}`);
    roomOf.set(req.fd, 'lobby');
    server.push(req.fd, `welcome ${nameOf.get(req.fd)}, you are in lobby; /join ROOM to move, /who to list`);
});

server.on('message', (frame) => {
    const name = nameOf.get(frame.fd);
    const room = roomOf.get(frame.fd);
    const join = /^\/join\s+(\S+)$/.exec(frame.data);
    if (join) {
        tell(room, `${name} left for ${join[1]}`, frame.fd);
        roomOf.set(frame.fd, join[1]);
        tell(join[1], `${name} joined ${join[1]}`);
        return;
    }
    if (frame.data === '/who') {
        server.push(frame.fd, `${room}: ${members(room).map((fd) => nameOf.get(fd)).join(', ')}`);
        return;
    }
    tell(room, `[${room}] ${name}: ${frame.data}`);
});

server.on('close', (fd) => {
    const room = roomOf.get(fd);
    const name = nameOf.get(fd);
    roomOf.delete(fd);
    nameOf.delete(fd);
    tell(room, `${name} left`);
});
