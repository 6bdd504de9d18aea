//! Confidence from model executors (ARCHITECTURE.md, "Quality protocols"):
//! every prompt a model gets ends with [`INSTRUCTION`], and the model's
//! final `CONFIDENCE: x` line is taken off the output and reported with
//! the result. A result reported below the task's threshold is verified by
//! another agent, so the hub needs the number, not the line.

use m3shd_api::split_confidence;

/// What a model is asked to end its reply with. The one place this text
/// lives: the anthropic, openai and claude-cli executors all append it.
pub const INSTRUCTION: &str = "End your reply with one final line `CONFIDENCE: x`, where x \
                               between 0 and 1 is how sure you are that the answer is \
                               correct and complete.";

/// `prompt` with the confidence instruction after it.
pub fn ask(prompt: &str) -> String {
    format!("{prompt}\n\n{INSTRUCTION}")
}

/// The output without its final confidence line, and the confidence. An
/// absent or unreadable line leaves the output as the model wrote it.
pub fn read(output: &str) -> (String, Option<f64>) {
    split_confidence(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instruction_names_the_tag_the_output_is_read_with() {
        assert!(INSTRUCTION.contains(&format!("`{}: x`", m3shd_api::CONFIDENCE_TAG)));
        assert!(ask("Say hi").starts_with("Say hi\n\n"));
        assert!(ask("Say hi").ends_with(INSTRUCTION));
        assert_eq!(
            read("Hi.\nCONFIDENCE: 0.42"),
            ("Hi.".to_string(), Some(0.42))
        );
        assert_eq!(read("Hi."), ("Hi.".to_string(), None));
    }
}
