// The script echo that tests/bench/script.sh measures against node + ws running the same echo.
server.on('message', (frame) => server.push(frame.fd, frame.data));
