//! Schedules: recurring work the hub fires by itself.

use m3shd_api::{CreateSchedule, Schedule, ScheduleList, ScheduleRun, UpdateSchedule};
use reqwest::Method;

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// Every schedule, by name.
    pub async fn list_schedules(&self) -> Result<ScheduleList, ClientError> {
        self.get("/api/schedules").await
    }

    pub async fn get_schedule(&self, id_or_name: &str) -> Result<Schedule, ClientError> {
        self.get(&format!("/api/schedules/{}", seg(id_or_name)))
            .await
    }

    pub async fn create_schedule(&self, req: &CreateSchedule) -> Result<Schedule, ClientError> {
        self.post("/api/schedules", req).await
    }

    /// Change its cron expression, time zone or variables.
    pub async fn update_schedule(
        &self,
        id_or_name: &str,
        req: &UpdateSchedule,
    ) -> Result<Schedule, ClientError> {
        let path = format!("/api/schedules/{}", seg(id_or_name));
        self.send(self.request(Method::PUT, &path).json(req)).await
    }

    pub async fn delete_schedule(&self, id_or_name: &str) -> Result<(), ClientError> {
        let path = format!("/api/schedules/{}", seg(id_or_name));
        self.send_empty(self.request(Method::DELETE, &path)).await
    }

    /// Pause it (`true`) or resume it from its next due time after now.
    pub async fn pause_schedule(
        &self,
        id_or_name: &str,
        paused: bool,
    ) -> Result<Schedule, ClientError> {
        let verb = if paused { "pause" } else { "resume" };
        let path = format!("/api/schedules/{}/{verb}", seg(id_or_name));
        self.post(&path, &serde_json::json!({})).await
    }

    /// Fire it now without moving its next due time.
    pub async fn run_schedule_now(&self, id_or_name: &str) -> Result<ScheduleRun, ClientError> {
        let path = format!("/api/schedules/{}/run-now", seg(id_or_name));
        self.post(&path, &serde_json::json!({})).await
    }
}
