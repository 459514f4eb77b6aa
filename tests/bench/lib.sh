# Shared by the benchmark scripts (sourced): reading wsbench's key=value line, medians, waiting for a port.

# field LINE KEY: the value of KEY=… in wsbench's output line.
field() { tr ' ' '\n' <<< "$1" | grep "^$2=" | cut -d= -f2; }

# median "V1 V2 …": the median of the numbers (one disturbed run on a shared machine does not move it).
median() {
    tr ' ' '\n' <<< "$1" | grep . | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most).
wait_port() {
    for _ in $(seq 100); do
        (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
        sleep 0.1
    done
    return 1
}

# per_message LINE: the server's CPU time per message in µs (srv_cpu_pct / msgs_per_s * 10^4).
per_message() { awk -v c="$(field "$1" srv_cpu_pct)" -v m="$(field "$1" msgs_per_s)" 'BEGIN { printf "%.3f", c / m * 10000 }'; }
