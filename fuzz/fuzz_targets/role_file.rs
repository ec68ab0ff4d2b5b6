//! Any bytes as a role file: loading must return a role or diagnostics,
//! never panic, and every diagnostic must render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(problems) = rolemap::load::check_role_text("fuzz", text) {
        for problem in &problems {
            let _ = rolemap::diagnostics::render(problem, false);
        }
    }
});
