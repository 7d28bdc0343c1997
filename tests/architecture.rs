//! The dependency rule, checked: model <- metrics <- api, store <- fetch, views <- render <-
//! commands <- main. Each layer may name only the crate modules listed for it; a `use
//! crate::…` (or `crate::…::` path) to anything else fails this test with the file and line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module and the crate modules its files may name.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("text", &["model"]),
    ("files", &[]),
    ("exit", &[]),
    ("metrics", &["model"]),
    ("config", &["model", "files"]),
    ("api", &["model", "config", "text"]),
    ("store", &["model", "text"]),
    ("refresh", &["model", "metrics", "store", "api"]),
    (
        "fetch",
        &[
            "model", "metrics", "api", "store", "refresh", "config", "exit", "render", "text",
        ],
    ),
    ("views", &["model", "metrics", "store", "refresh"]),
    ("render", &["model", "metrics", "views", "text"]),
    ("sim", &["model", "api"]),
    ("settings", &["model", "config", "render", "store", "files"]),
    (
        "alerts",
        &[
            "model", "metrics", "config", "store", "views", "render", "fetch", "settings", "text",
        ],
    ),
    ("cli", &["exit", "metrics"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`src/api/key.rs` -> `api`).
fn layer_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// Crate modules named in `line`: `crate::x` in `use crate::x::…`, `crate::{x, y}` and paths.
fn named_modules(line: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(&src, file) else {
            continue;
        };
        let Some((_, allowed)) = ALLOWED.iter().find(|(l, _)| *l == layer) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for m in named_modules(code) {
                if m != layer && !allowed.contains(&m.as_str()) {
                    violations.push(format!(
                        "{}:{}: {layer} names crate::{m}",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "dependency rule broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn no_command_imports_another() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut violations = Vec::new();
    let commands: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_stem()?.to_str().map(str::to_string))
        .filter(|s| s != "mod")
        .collect();
    for file in files.iter().filter(|f| !f.ends_with("mod.rs")) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let sibling = commands.iter().any(|c| {
                line.contains(&format!("super::{c}")) || line.contains(&format!("commands::{c}"))
            });
            if sibling {
                violations.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "a command imports another:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_and_path_imports() {
    assert_eq!(
        named_modules("use crate::{model::Video, store::Store};"),
        BTreeSet::from(["model".to_string(), "store".to_string()])
    );
    assert_eq!(
        named_modules("let x = crate::text::truncate(s, 3);"),
        BTreeSet::from(["text".to_string()])
    );
}

/// Every folder under `src/`, relative to it.
fn folders(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push(p.clone());
            folders(&p, out);
        }
    }
}

/// A reader asked to change "the trends view" finds one folder of that name, not two (#25).
/// Snapshot folders (insta's) are not rooms.
#[test]
fn no_two_folders_share_a_name() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = Vec::new();
    folders(&src, &mut dirs);
    let mut seen: std::collections::BTreeMap<String, PathBuf> = Default::default();
    let mut clashes = Vec::new();
    for d in &dirs {
        let Some(name) = d.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == "snapshots" {
            continue;
        }
        if let Some(first) = seen.insert(name.to_string(), d.clone()) {
            clashes.push(format!("{} and {}", first.display(), d.display()));
        }
    }
    assert!(dirs.len() > 10, "{}", dirs.len());
    assert!(clashes.is_empty(), "folders share a name: {clashes:?}");
}

/// Lines of code of each non-test function in `text`: blank lines, comments and doc comments
/// are not counted; the test module at the end of a file is skipped. Rough (strings are
/// stripped, not parsed), which is enough to keep functions within a screen.
fn function_lengths(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .collect();
    let strip = |l: &str| -> String {
        let mut out = String::new();
        let mut in_str = false;
        let mut prev = ' ';
        for c in l.chars() {
            if in_str {
                if c == '"' && prev != '\\' {
                    in_str = false;
                    out.push('"');
                }
            } else if c == '"' {
                in_str = true;
                out.push('"');
            } else if c == '/' && prev == '/' {
                out.pop();
                break;
            } else {
                out.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        out
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = fn_name(lines[i]) else {
            i += 1;
            continue;
        };
        let (start, mut depth, mut opened, mut code) = (i, 0i64, false, 0);
        let mut j = i;
        while j < lines.len() {
            let s = strip(lines[j]);
            let t = s.trim();
            if !t.is_empty() && !t.starts_with("///") {
                code += 1;
            }
            for c in s.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (opened && depth <= 0) || (!opened && t.ends_with(';')) {
                break;
            }
            j += 1;
        }
        if opened {
            found.push((code, name, start + 1));
        }
        i = j + 1;
    }
    found
}

/// The name of the function a line declares, if it does.
fn fn_name(line: &str) -> Option<String> {
    let mut words = line.split_whitespace().peekable();
    while let Some(w) = words.next() {
        match w {
            "pub" | "async" | "const" | "unsafe" | "extern" => continue,
            w if w.starts_with("pub(") => continue,
            "fn" => {
                let name: String = words
                    .next()?
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                return (!name.is_empty()).then_some(name);
            }
            _ => return None,
        }
    }
    None
}

/// A function reads in one screen (#25): its body is the list of named steps it takes.
#[test]
fn no_function_runs_past_eighty_lines_of_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in &files {
        let is_test = file.file_name().is_some_and(|n| n == "tests.rs")
            || file.components().any(|c| c.as_os_str() == "tests");
        if is_test {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (code, name, line) in function_lengths(&text) {
            if code > 80 {
                long.push(format!("{}:{line} {name}: {code} lines", file.display()));
            }
        }
    }
    assert!(files.len() > 50, "{}", files.len());
    assert!(
        long.is_empty(),
        "functions past 80 lines of code:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_checker_counts_code_and_skips_comments_and_tests() {
    let body: String = (0..5)
        .map(|i| format!("    let x{i} = \"{{\";\n\n    // c\n"))
        .collect();
    let text = format!(
        "/// doc\npub fn f() {{\n{body}}}\nfn g();\n#[cfg(test)]\nmod tests {{ fn t() {{}} }}\n"
    );
    assert_eq!(function_lengths(&text), [(7, "f".to_string(), 2)]);
}
