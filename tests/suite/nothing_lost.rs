//! A build killed at any moment leaves the output complete: the old site or
//! the new one, never a mix and never nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{role_yaml, rolemap, snapshot, TestSite};

fn large_site(title: &str) -> TestSite {
    let site = TestSite::new();
    let long = "A paragraph of **markdown** that makes each page worth writing. ".repeat(30);
    for i in 0..400 {
        let extra = format!("description: |\n  {long}\nfaqs:\n  - question: Why {i}?\n    answer: |\n      {long}\n");
        site.write(
            &format!("roles/role-{i:04}.yaml"),
            &role_yaml(&format!("{title} {i}"), &extra),
        );
    }
    site
}

fn build(root: &Path, out: &Path) {
    rolemap(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .success();
}

#[test]
fn killing_a_build_at_any_moment_leaves_a_complete_site() {
    let (old_site, new_site) = (large_site("Old"), large_site("New"));
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");
    let started = Instant::now();
    build(new_site.root(), &out);
    let build_time = started.elapsed();
    let new = snapshot(&out);
    build(old_site.root(), &out);
    let old = snapshot(&out);
    assert_ne!(old, new);

    let mut interrupted = 0;
    // Pseudo-random kill moments over the whole build and a little past it;
    // the first round kills at once, so at least one build is cut short.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..20u32 {
        if snapshot(&out) != old {
            build(old_site.root(), &out);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolemap"))
            .args([
                "build",
                "--root",
                new_site.root().to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = if round == 0 {
            0.0
        } else {
            (state >> 11) as f64 / (1u64 << 53) as f64 * 1.1
        };
        std::thread::sleep(build_time.mul_f64(fraction).min(Duration::from_secs(20)));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "round {round}: the output is neither the old site nor the new one"
        );
        interrupted += usize::from(now == old);
    }
    assert!(
        interrupted > 0,
        "no build was interrupted before it finished"
    );
    // What killed builds leave behind is cleaned up by the next build.
    build(old_site.root(), &out);
    let leftovers: Vec<String> = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".rolemap-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
