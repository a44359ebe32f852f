//! Prints a generated spec of N services (default 100): `cargo run --example generate -- 300`.
//! With `--hosts H`, a quarter of the services are routed over H hosts, uncapped, so past 100
//! routes the output spreads over several load balancers: `generate 1000 --hosts 10`.
//! With `--shape chain`, a call chain of N services, every 20th routed, every third autoscaled
//! (`twinform::synthetic::chain`): `generate 1000 --shape chain`.
//! With `--shape workloads`, the default shape plus queue workers, EFS mounts and scheduled jobs
//! (`twinform::synthetic::workloads`): `generate 1000 --shape workloads`.
//! Used by `benches/run.sh` and `.ci/run`; the same generator (`twinform::synthetic`) feeds the
//! benchmarks and the scale tests.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let hosts = args
        .iter()
        .position(|a| a == "--hosts")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let shape = args
        .iter()
        .position(|a| a == "--shape")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    let spec = match hosts {
        _ if shape == Some("chain") => twinform::synthetic::chain(n),
        _ if shape == Some("workloads") => twinform::synthetic::workloads(n),
        Some(hosts) => twinform::synthetic::spec_over_hosts(n, hosts),
        None => twinform::synthetic::spec(n),
    };
    print!("{}", twinform::builder::to_toml(&spec));
}
