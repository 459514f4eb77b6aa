// JSON-RPC 2.0 over WebSocket: "echo", "add" and "time", with the standard error codes for everything else.
const methods = {
    echo: (params) => params,
    add: (params) => {
        if (!Array.isArray(params) || params.some((n) => typeof n !== 'number'))
            throw { code: -32602, message: 'add takes an array of numbers' };
        return params.reduce((a, b) => a + b, 0);
    },
    time: () => new Date().toISOString(),
};

function answer(request) {
    if (typeof request !== 'object' || request === null || request.jsonrpc !== '2.0' || typeof request.method !== 'string')
        return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } };
    const method = methods[request.method];
    if (!method)
        return { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } };
    try {
        return { jsonrpc: '2.0', id: request.id, result: method(request.params) };
    } catch (e) {
        return { jsonrpc: '2.0', id: request.id, error: e.code ? e : { code: -32603, message: String(e) } };
    }
}

server.on('message', (frame) => {
    let request;
    try {
        request = JSON.parse(frame.data);
    } catch (e) {
        server.push(frame.fd, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
        return;
    }
    const response = answer(request);
    if (request.id !== undefined) // a notification gets no answer
        server.push(frame.fd, response);
});
