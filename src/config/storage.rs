//! Where uploaded and generated files are kept: the data directory by default, or the object
//! store `PASSERELLE_STORAGE_URL` names (`s3://bucket/prefix` for several instances, or
//! `file:///srv/passerelle-files`), with the S3 settings of the usual `AWS_*` variables.

use super::ConfigError;
use super::vars::Vars;
use crate::security::Secret;

/// The `AWS_*` variables passed to the S3 client (credentials, region, a non-AWS endpoint).
pub const S3_VARS: [&str; 9] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ALLOW_HTTP",
    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
];

#[derive(Clone, Debug, Default)]
pub enum StorageConfig {
    /// Files under the data directory (one instance, or a shared disk).
    #[default]
    DataDir,
    /// Files under another local directory.
    Directory(std::path::PathBuf),
    /// An S3-compatible object store: the URL (`s3://bucket/prefix`) and the `AWS_*` settings.
    S3 {
        url: url::Url,
        settings: Vec<(&'static str, Secret<String>)>,
    },
}

pub(super) fn storage(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<StorageConfig, ConfigError> {
    const VAR: &str = "PASSERELLE_STORAGE_URL";
    let Some(given) = vars.get(VAR) else {
        return Ok(StorageConfig::DataDir);
    };
    let url = url::Url::parse(&given).map_err(|e| {
        ConfigError::new(
            VAR,
            format!("'{given}' is not a URL such as s3://bucket/prefix ({e})"),
        )
    })?;
    match url.scheme() {
        "file" => url
            .to_file_path()
            .map(StorageConfig::Directory)
            .map_err(|_| ConfigError::new(VAR, "a file:// URL needs an absolute path")),
        "s3" | "s3a" => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err(ConfigError::new(VAR, "an s3:// URL names its bucket"));
            }
            let settings = S3_VARS
                .iter()
                .filter_map(|var| vars.get(var).map(|v| (*var, Secret::new(v))))
                .collect();
            Ok(StorageConfig::S3 { url, settings })
        }
        other => Err(ConfigError::new(
            VAR,
            format!("'{other}://' is not a storage (use s3://bucket/prefix or file:///path)"),
        )),
    }
}
