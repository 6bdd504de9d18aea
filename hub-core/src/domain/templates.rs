//! Task templates: a prompt with `{variable}` placeholders, dispatched with
//! values for them.

use std::collections::BTreeMap;

use m3shd_api::{
    CreateTask, CreateTemplate, DispatchTemplate, Task, Template, UpdateTemplate, ids, limits,
};

use super::task_ids::new_task_id;
use super::task_insert::NewTask;
use super::tasks::{check_create, insert_new};
use super::{DomainError, Hub, validate};
use crate::store::{StoreError, TaskFederationRow, TemplateRow};

fn is_var_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `(start, end, name)` of each `{name}` placeholder.
fn placeholders(t: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = t[i..].find('{').map(|o| o + i) {
        let rest = &t[open + 1..];
        let len = rest.find(|c: char| !is_var_char(c)).unwrap_or(rest.len());
        if len > 0 && rest[len..].starts_with('}') {
            out.push((open, open + len + 2, &rest[..len]));
            i = open + len + 2;
        } else {
            i = open + 1;
        }
    }
    out
}

/// The variable names a template uses, in order of first use.
pub fn variables(t: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, _, name) in placeholders(t) {
        if !out.iter().any(|v| v == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Fill every placeholder; a missing value is an error naming it. Values
/// are inserted verbatim (never re-scanned for placeholders).
pub fn render(t: &str, vars: &BTreeMap<String, String>) -> Result<String, DomainError> {
    let mut out = String::with_capacity(t.len());
    let mut last = 0;
    for (start, end, name) in placeholders(t) {
        let value = vars
            .get(name)
            .ok_or_else(|| DomainError::Validation(format!("missing variable `{name}`")))?;
        out.push_str(&t[last..start]);
        out.push_str(value);
        last = end;
    }
    out.push_str(&t[last..]);
    Ok(out)
}

fn to_wire(r: TemplateRow) -> Template {
    Template {
        variables: variables(&r.prompt_template),
        id: r.id,
        name: r.name,
        description: r.description,
        prompt_template: r.prompt_template,
        capability: r.capability,
        priority: r.priority,
        model: r.model,
        protocol: r.protocol,
        federated_input: r.federated_input,
        created_by: r.created_by,
        created_at: r.created_at,
    }
}

fn not_found(key: &str) -> DomainError {
    DomainError::NotFound(format!("no template `{}`", key.escape_debug()))
}

fn check_key(key: &str) -> Result<(), DomainError> {
    if key.is_empty() || key.len() > 100 {
        return Err(not_found(key));
    }
    Ok(())
}

impl Hub {
    pub fn templates(&self) -> Result<Vec<Template>, DomainError> {
        self.read(|r| Ok(r.templates().list()?.into_iter().map(to_wire).collect()))
    }

    pub fn template(&self, key: &str) -> Result<Template, DomainError> {
        check_key(key)?;
        self.read(|r| {
            r.templates()
                .get(key)?
                .map(to_wire)
                .ok_or_else(|| not_found(key))
        })
    }

    pub async fn create_template(
        &self,
        req: CreateTemplate,
        by: &str,
    ) -> Result<Template, DomainError> {
        if !ids::is_valid_name(&req.name) {
            return Err(DomainError::Validation(format!(
                "template name `{}` must be 1-64 characters of [a-z0-9_.-]",
                req.name.escape_debug()
            )));
        }
        if req.prompt_template.trim().is_empty() {
            return Err(DomainError::Validation(
                "prompt_template must not be empty".into(),
            ));
        }
        validate::max_bytes(
            "prompt_template",
            &req.prompt_template,
            limits::MAX_PROMPT_BYTES,
        )?;
        validate::max_bytes("description", &req.description, limits::MAX_MESSAGE_BYTES)?;
        if let Some(c) = &req.capability {
            validate::capability(c)?;
        }
        let priority = req.priority.unwrap_or(limits::DEFAULT_PRIORITY);
        validate::priority(priority)?;
        if let Some(m) = &req.model {
            validate::model(m)?;
        }
        let mut req = req;
        req.protocol = req.protocol.normalized();
        super::protocols::check_request(&req.protocol, None, false)?;
        let by = by.to_string();
        self.write(move |cx| {
            let row = TemplateRow {
                id: format!("tp-{}", new_task_id()),
                name: req.name,
                description: req.description,
                prompt_template: req.prompt_template,
                capability: req.capability,
                priority,
                model: req.model,
                protocol: req.protocol,
                federated_input: req.federated_input,
                created_by: by,
                created_at: cx.tx.now(),
            };
            match cx.tx.templates().insert(&row) {
                Err(StoreError::Duplicate(_)) => {
                    return Err(DomainError::Conflict(format!(
                        "a template named `{}` already exists",
                        row.name
                    )));
                }
                other => other?,
            }
            Ok(to_wire(row))
        })
        .await
    }

    /// Change what may change after a template is made.
    pub async fn update_template(
        &self,
        key: &str,
        req: UpdateTemplate,
    ) -> Result<Template, DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            let mut row = cx
                .tx
                .templates()
                .get(&key)?
                .ok_or_else(|| not_found(&key))?;
            if let Some(f) = req.federated_input {
                cx.tx.templates().set_federated_input(&row.id, f)?;
                row.federated_input = f;
            }
            Ok(to_wire(row))
        })
        .await
    }

    pub async fn delete_template(&self, key: &str) -> Result<(), DomainError> {
        check_key(key)?;
        let key = key.to_string();
        self.write(move |cx| {
            let row = cx
                .tx
                .templates()
                .get(&key)?
                .ok_or_else(|| not_found(&key))?;
            cx.tx.templates().delete(&row.id)?;
            Ok(())
        })
        .await
    }

    /// Create the task a template describes with `req.variables` filled in.
    pub async fn dispatch_template(
        &self,
        key: &str,
        req: DispatchTemplate,
    ) -> Result<Task, DomainError> {
        check_key(key)?;
        let tpl = self.template(key)?;
        let prompt = render(&tpl.prompt_template, &req.variables)?;
        let mut create = CreateTask {
            prompt,
            title: None,
            required_capability: tpl.capability.clone(),
            assign_to: req.assign_to,
            priority: Some(req.priority.unwrap_or(tpl.priority)),
            // The dispatch's own model beats the template's.
            model: req.model.or(tpl.model.clone()),
            ..CreateTask::default()
        };
        create.set_protocol_request(tpl.protocol.clone());
        let mut title = format!("{}: {}", tpl.name, validate::default_title(&create.prompt));
        title = title.chars().take(120).collect();
        check_create(&create)?;
        let name = tpl.name.clone();
        self.write(move |cx| {
            let task = insert_new(
                cx,
                NewTask {
                    req: create,
                    title,
                    pipeline_id: None,
                    continues: None,
                },
                None,
            )?;
            // Kept for federation: an offer names it, and a template that
            // refuses federated input keeps its tasks here.
            cx.tx
                .federation()
                .save_task_federation(&TaskFederationRow {
                    template: Some(name),
                    ..TaskFederationRow::local(&task.id)
                })?;
            Ok(task)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_variables_in_order_once() {
        assert_eq!(
            variables("Compare {a} with {b_2}, then {a} again; {not closed, {} {x y}"),
            vec!["a", "b_2"]
        );
        assert!(variables("no placeholders").is_empty());
    }

    #[test]
    fn renders_and_names_a_missing_variable() {
        let mut vars = BTreeMap::new();
        vars.insert("topic".to_string(), "bees {target}".to_string());
        vars.insert("extra".to_string(), "ignored".to_string());
        assert_eq!(
            render("Research {topic}.", &vars).expect("render"),
            "Research bees {target}."
        );
        let err = render("Review {target}", &vars).expect_err("missing");
        assert_eq!(err.to_string(), "missing variable `target`");
    }
}
