//! The deployment examples in `docs/deploy/` say what works: the GitHub
//! Pages workflow builds with rolemap and deploys with Pages' actions.

use std::path::Path;

use serde_yaml::Value;

fn workflow() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy/github-pages.yml");
    let text = crate::common::read(&path);
    serde_yaml::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not YAML: {err}", path.display()))
}

#[test]
fn the_pages_workflow_builds_with_rolemap_and_deploys_dist() {
    let workflow = workflow();
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let steps_of =
        |job: &Value| -> Vec<Value> { job["steps"].as_sequence().cloned().unwrap_or_default() };
    let uses = |step: &Value, action: &str| {
        step["uses"]
            .as_str()
            .is_some_and(|used| used.split('@').next() == Some(action))
    };
    let (_, job) = jobs
        .iter()
        .find(|(_, job)| {
            steps_of(job).iter().any(|step| {
                step["run"]
                    .as_str()
                    .is_some_and(|run| run.contains("rolemap build"))
            })
        })
        .expect("a job whose steps run `rolemap build`");
    let steps = steps_of(job);
    let position = |action: &str| {
        steps
            .iter()
            .position(|step| uses(step, action))
            .unwrap_or_else(|| panic!("no step uses {action}"))
    };
    let build = steps
        .iter()
        .position(|step| {
            step["run"]
                .as_str()
                .is_some_and(|run| run.contains("rolemap build"))
        })
        .expect("the build step");
    let upload = position("actions/upload-pages-artifact");
    let deploy = position("actions/deploy-pages");
    assert!(build < upload && upload < deploy, "steps out of order");
    assert_eq!(steps[upload]["with"]["path"].as_str(), Some("dist"));
    assert!(
        steps[build]["run"]
            .as_str()
            .is_some_and(|run| run.contains("--base-url")),
        "the build sets base_url, so the sitemap and the feed are written"
    );
    // Pages' permissions, on the job or the whole workflow.
    let permission = |name: &str| {
        job["permissions"][name]
            .as_str()
            .or_else(|| workflow["permissions"][name].as_str())
    };
    assert_eq!(permission("pages"), Some("write"));
    assert_eq!(permission("id-token"), Some("write"));
    assert_eq!(job["environment"]["name"].as_str(), Some("github-pages"));
}
