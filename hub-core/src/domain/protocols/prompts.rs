//! The prompts of protocol steps. Each reads as an instruction to a model
//! and ends with `TASK:` and the subject's prompt; the step's inputs (the
//! result, a critique, two answers) follow as the parent-output blocks the
//! task graph appends, so the builtin executor finds them as the last
//! blocks. Verification and the second debate answer get the subject's
//! prompt unchanged: they answer it independently.

use m3shd_api::{ProtocolRole, REASON_TAG, SCORE_TAG, VERDICT_TAG, VOTE_TAG};

fn instruction(role: ProtocolRole) -> Option<String> {
    let text = match role {
        ProtocolRole::Verifies | ProtocolRole::Debates => return None,
        ProtocolRole::Challenges => format!(
            "Critique the answer below to the task that follows. Name concrete errors, gaps \
             and unsupported claims, and say what would fix each. End with one final line \
             `{SCORE_TAG}: x`, where x between 0 and 1 says how material your critique is \
             (0: nothing to fix, 1: the answer is wrong)."
        ),
        ProtocolRole::Revises => "Revise your answer below to the task that follows, using \
             the critique that comes after it. Reply with the revised answer only."
            .to_string(),
        ProtocolRole::Synthesises => "Two agents answered the task that follows \
             independently; both answers are below. Write one answer that keeps the best \
             points of each, then name which points you kept from each answer (by its task \
             id)."
            .to_string(),
        ProtocolRole::Votes => format!(
            "Judge whether the answer below correctly and completely does the task that \
             follows. Give your rationale in a sentence or two, then one final line \
             `{VOTE_TAG}: accept` or `{VOTE_TAG}: reject`."
        ),
        ProtocolRole::Validates => format!(
            "Validate the result below against the task that follows. Reply with one line \
             `{VERDICT_TAG}: accept` or `{VERDICT_TAG}: reject`, then one line \
             `{REASON_TAG}: …` saying why."
        ),
    };
    Some(text)
}

/// The prompt of a `role` step for a subject whose prompt is `task`.
pub fn step_prompt(role: ProtocolRole, task: &str) -> String {
    match instruction(role) {
        Some(i) => format!("{i}\n\nTASK:\n{task}"),
        None => task.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn independent_answers_see_only_the_task() {
        assert_eq!(step_prompt(ProtocolRole::Verifies, "sum 2 2"), "sum 2 2");
        assert_eq!(step_prompt(ProtocolRole::Debates, "sum 2 2"), "sum 2 2");
        let vote = step_prompt(ProtocolRole::Votes, "sum 2 2");
        assert!(vote.contains("VOTE: accept") && vote.ends_with("TASK:\nsum 2 2"));
    }
}
