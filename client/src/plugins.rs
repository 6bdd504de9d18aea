//! Plugins (ARCHITECTURE.md, "Plugins and tool calls"): list them and invoke one.

use m3shd_api::{InvokePlugin, PluginInfo, PluginList, PluginResult};

use crate::http::seg;
use crate::{Client, ClientError};

impl Client {
    /// The hub's plugins: built-ins first, then external ones.
    pub async fn plugins(&self) -> Result<Vec<PluginInfo>, ClientError> {
        let list: PluginList = self.get("/api/plugins").await?;
        Ok(list.plugins)
    }

    /// Run `tool` with `req.input`; a plugin that ran and failed comes
    /// back with `error` set.
    pub async fn invoke_plugin(
        &self,
        tool: &str,
        req: &InvokePlugin,
    ) -> Result<PluginResult, ClientError> {
        self.post(&format!("/api/plugins/{}/invoke", seg(tool)), req)
            .await
    }
}
