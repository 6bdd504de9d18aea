//! `auto GOAL`: a planning task splits the goal, then each step becomes a
//! task of its own. Models answer plans in many shapes; [`parse_plan`]
//! reads them.

use m3shd_api::{CreateTask, TaskStatus};
use m3shd_client::{Client, ClientError};
use serde_json::json;

use crate::options::RunOptions;
use crate::reply::Reply;
use crate::reports::online;
use crate::text::{one_line, title_of};
use crate::wait::wait_task;

/// Capability a worker advertises to plan `auto` goals.
pub const PLAN_CAPABILITY: &str = m3shd_api::PLAN_CAPABILITY;

/// Fewest and most subtasks a plan may have.
const PLAN_STEPS: std::ops::RangeInclusive<usize> = 2..=5;

/// The subtasks a planning task's output names, 2–5 non-empty strings.
/// Models wrap their answers, so this takes, in order: a JSON array in a
/// fenced code block, the first JSON array anywhere in the text (of strings,
/// or of objects with a `task`/`title`/`description`/`step`/`prompt`
/// string), and, as a fallback, a numbered or bulleted list.
pub fn parse_plan(output: &str) -> Result<Vec<String>, String> {
    let steps = fenced_blocks(output)
        .into_iter()
        .find_map(first_json_array)
        .or_else(|| first_json_array(output))
        .or_else(|| listed_steps(output))
        .ok_or_else(|| {
            "the plan is neither a JSON array of strings nor a numbered list".to_string()
        })?;
    let steps: Vec<String> = steps
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !PLAN_STEPS.contains(&steps.len()) {
        return Err(format!(
            "the plan has {} subtasks, expected {} to {}",
            steps.len(),
            PLAN_STEPS.start(),
            PLAN_STEPS.end()
        ));
    }
    Ok(steps)
}

/// The contents of the ``` fenced blocks of `text`, in order.
fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        // The info string (e.g. `json`) ends the opening line.
        let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
        let body = &after[body_start..];
        let Some(close) = body.find("```") else {
            break;
        };
        blocks.push(&body[..close]);
        rest = &body[close + 3..];
    }
    blocks
}

/// The first JSON array in `text` that reads as plan steps.
fn first_json_array(text: &str) -> Option<Vec<String>> {
    text.match_indices('[').find_map(|(i, _)| {
        let mut values =
            serde_json::Deserializer::from_str(&text[i..]).into_iter::<Vec<serde_json::Value>>();
        let items = values.next()?.ok()?;
        items.iter().map(step_text).collect::<Option<Vec<_>>>()
    })
}

fn step_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => ["task", "title", "description", "step", "prompt"]
            .iter()
            .find_map(|k| o.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
        _ => None,
    }
}

/// Items of the first numbered (`1.`, `2)`) or bulleted (`-`, `*`) list.
fn listed_steps(text: &str) -> Option<Vec<String>> {
    let mut steps = Vec::new();
    for line in text.lines() {
        match list_item(line.trim()) {
            Some(item) => steps.push(item.trim_matches('*').trim().to_string()),
            // A list ends at the first other line once it has begun.
            None if !steps.is_empty() && !line.trim().is_empty() => break,
            None => {}
        }
    }
    (!steps.is_empty()).then_some(steps)
}

fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(rest);
    }
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &line[digits..];
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

pub(crate) async fn auto(
    client: &Client,
    goal: &str,
    opts: &RunOptions,
) -> Result<Reply, ClientError> {
    let agents = client.list_agents().await?;
    if !agents
        .iter()
        .any(|a| online(a) && a.capabilities.iter().any(|c| c == PLAN_CAPABILITY))
    {
        return Err(ClientError::Failed(format!(
            "no online agent has the `{PLAN_CAPABILITY}` capability to plan the goal \
             (`m3shd up` workers advertise it)"
        )));
    }
    let plan = client
        .create_task(
            &CreateTask {
                prompt: format!("plan {goal}"),
                title: Some(format!("plan: {}", title_of(goal))),
                required_capability: Some(PLAN_CAPABILITY.to_string()),
                ..Default::default()
            },
            opts.key(":plan").as_deref(),
        )
        .await?;
    let planned = wait_task(client, &plan.id, opts.plan_wait).await?;
    if planned.status != TaskStatus::Done {
        return Err(ClientError::Failed(format!(
            "planning task {} {}: {}",
            planned.id,
            planned.status,
            planned.error.as_deref().unwrap_or("no plan")
        )));
    }
    let steps = parse_plan(planned.output.as_deref().unwrap_or(""))
        .map_err(|e| ClientError::Failed(format!("planning task {}: {e}", planned.id)))?;
    let creates = steps.iter().enumerate().map(|(i, s)| {
        let req = CreateTask {
            prompt: s.clone(),
            title: Some(title_of(s)),
            hold: opts.hold(),
            ..Default::default()
        };
        let key = opts.key(&format!(":{i}"));
        async move { client.create_task(&req, key.as_deref()).await }
    });
    let subtasks = futures_util::future::try_join_all(creates).await?;
    let mut lines = vec![format!(
        "auto: {} subtasks for “{}” (plan {})",
        subtasks.len(),
        one_line(goal, 60),
        planned.id
    )];
    for (i, t) in subtasks.iter().enumerate() {
        lines.push(format!("{}. {} {}", i + 1, t.id, one_line(&t.title, 60)));
    }
    lines.push("track them with: tasks".into());
    Ok(Reply {
        text: lines.join("\n"),
        json: json!({"goal": goal, "plan": planned, "tasks": subtasks}),
        task_id: Some(planned.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_within_bounds() {
        assert_eq!(parse_plan(r#"["a","b"]"#).unwrap(), ["a", "b"]);
        assert_eq!(
            parse_plan("```json\n[\" a \", \"b\", \"c\"]\n```").unwrap(),
            ["a", "b", "c"]
        );
        assert!(parse_plan(r#"["only one"]"#).is_err());
        assert!(parse_plan(r#"["1","2","3","4","5","6"]"#).is_err());
        assert!(parse_plan(r#"["a", ""]"#).is_err());
        assert!(parse_plan("no plan").is_err());
        assert!(parse_plan("] [").is_err());
        assert!(parse_plan("[1, 2]").is_err());
    }

    #[test]
    fn plans_are_found_in_the_ways_models_answer() {
        // Prose around a fenced block, with brackets in the prose.
        let fenced = "Here is the plan [draft]:\n```json\n[\"Collect logs\", \"Fix it\"]\n```\nGood luck [really].";
        assert_eq!(parse_plan(fenced).unwrap(), ["Collect logs", "Fix it"]);
        // An array after prose that has a bracket of its own.
        let inline = "Steps [v1]: [\"one\", \"two\", \"three\"] - done.";
        assert_eq!(parse_plan(inline).unwrap(), ["one", "two", "three"]);
        // Objects with a task field.
        let objects = r#"[{"task": "read"}, {"title": "write", "why": "x"}]"#;
        assert_eq!(parse_plan(objects).unwrap(), ["read", "write"]);
        // A numbered list, with a heading and a closing remark.
        let numbered =
            "Plan:\n1. Collect the logs\n2) **Find the cause**\n3. Write a fix\n\nThat is all.";
        assert_eq!(
            parse_plan(numbered).unwrap(),
            ["Collect the logs", "Find the cause", "Write a fix"]
        );
        let bullets = "- draft\n- review\n";
        assert_eq!(parse_plan(bullets).unwrap(), ["draft", "review"]);
        assert!(parse_plan("1999. was a year\n").is_err());
    }
}
