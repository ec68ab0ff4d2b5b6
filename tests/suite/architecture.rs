//! The module map of `docs/design.md`, enforced: arrows point one way.
//!
//! Reads the library's sources, finds every `crate::…` and `super::…` path
//! (outside test modules and comments), resolves it to the module it names,
//! and checks that no module reaches itself again through these imports,
//! and that the leaves (`layout`, `diagnostics`) import nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`load::config`) → the source text that counts.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // The binary and its commands sit on top of the library, not in it.
        if matches!(parts[0].as_str(), "main" | "cmd" | "lib") {
            continue;
        }
        if parts.last().is_some_and(|last| last == "mod") {
            parts.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        found.insert(parts.join("::"), code_outside_tests(&text));
    }
    found
}

/// The text before `#[cfg(test)]`, without comments.
fn code_outside_tests(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paths such as `crate::load::config::Config` or `super::raw::X` in `code`,
/// as segments after the prefix.
fn paths<'c>(code: &'c str, prefix: &str) -> Vec<Vec<&'c str>> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let segments: Vec<&str> = rest
            .split("::")
            .map(|s| {
                s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
            })
            .take_while(|s| !s.is_empty())
            .collect();
        // `use crate::layout::{self, X}` names the module itself.
        found.push(segments);
    }
    found
}

/// The longest prefix of `segments` that is a module, if any.
fn resolve(modules: &BTreeMap<String, String>, segments: &[&str]) -> Option<String> {
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|name| modules.contains_key(name))
}

fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (name, code) in &modules {
        let parent: Vec<&str> = name.split("::").collect();
        let parent = &parent[..parent.len() - 1];
        let mut targets = BTreeSet::new();
        for segments in paths(code, "crate::") {
            targets.extend(resolve(&modules, &segments));
        }
        for segments in paths(code, "super::") {
            let absolute: Vec<&str> = parent.iter().copied().chain(segments).collect();
            targets.extend(resolve(&modules, &absolute));
        }
        // A module's own children, named without a prefix (`validate::role`).
        for child in modules.keys() {
            if let Some(own) = child.strip_prefix(&format!("{name}::")) {
                if !own.contains("::") && code.contains(&format!("{own}::")) {
                    targets.insert(child.clone());
                }
            }
        }
        targets.remove(name);
        graph.insert(name.clone(), targets);
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_owned()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 20, "only {} modules found", graph.len());
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_from(&graph, module))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_leaves_import_nothing_from_the_crate() {
    let graph = imports();
    for leaf in ["layout", "diagnostics"] {
        assert_eq!(
            graph[leaf],
            BTreeSet::new(),
            "{leaf} imports from the crate"
        );
    }
    // Loading never reaches up into rendering, writing or the commands.
    for (module, targets) in graph.iter().filter(|(m, _)| m.starts_with("load")) {
        for target in targets {
            for higher in ["build", "render", "output", "theme", "watch", "serve"] {
                assert!(!target.starts_with(higher), "{module} imports {target}");
            }
        }
    }
}
