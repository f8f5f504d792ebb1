//! Tera templates, embedded in the binary (read from disk in debug builds), with the `t`
//! translation function and a few formatting filters.

use rust_embed::Embed;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::error::AppError;
use crate::web::i18n::{self, Lang};
use crate::web::{assets, format};

#[derive(Embed)]
#[folder = "templates/"]
struct TemplateFiles;

pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Loads and checks every template; an error names the broken template.
    pub fn load() -> anyhow::Result<Self> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html.tera", ".html"]);
        tera.register_function("t", t);
        tera.register_function("static_url", |kwargs: Kwargs, _: &State| {
            let path: &str = kwargs.must_get("path")?;
            Ok::<_, tera::Error>(assets::static_url(path))
        });
        tera.register_filter("money", money);
        tera.register_filter("person", person);
        tera.register_filter("date", format::date_filter);
        tera.register_filter("datetime", format::datetime_filter);
        tera.register_filter("time", format::time_filter);
        tera.register_filter("percent", format::percent_filter);
        tera.register_filter("number", format::number_filter);
        tera.register_filter("urlencode", |value: Value, _: Kwargs, _: &State| {
            let s = value
                .as_str()
                .ok_or_else(|| tera::Error::message("urlencode expects a string"))?;
            Ok::<_, tera::Error>(
                url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>(),
            )
        });
        let mut sources = Vec::new();
        for name in TemplateFiles::iter() {
            let file = TemplateFiles::get(&name)
                .ok_or_else(|| anyhow::anyhow!("template {name} vanished"))?;
            let text = String::from_utf8(file.data.into_owned())
                .map_err(|_| anyhow::anyhow!("template {name} is not UTF-8"))?;
            sources.push((name.to_string(), text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| anyhow::anyhow!("templates: {e}"))?;
        Ok(Self { tera })
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, AppError> {
        self.tera
            .render(name, ctx)
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("rendering {name}: {e:?}")))
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

/// `{{ t(key="home-title", name=x) }}`: the key translated into the page's `lang`.
fn t(kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let explicit: Option<&str> = kwargs.get("lang")?;
    let lang = match explicit {
        Some(l) => Lang::parse(l),
        None => state
            .get::<String>("lang")?
            .as_deref()
            .and_then(Lang::parse),
    }
    .unwrap_or(Lang::Fr);
    // Typed as the template gives them: a string stays text, an integer is a number.
    let mut owned: Vec<(String, i18n::Arg)> = Vec::new();
    for (k, v) in kwargs.iter() {
        let Some(k) = k.as_str() else { continue };
        if k == "key" || k == "lang" {
            continue;
        }
        let v = match (v.as_str(), v.as_i64()) {
            (Some(s), _) => i18n::Arg::from(s),
            (None, Some(n)) => i18n::Arg::from(n),
            _ => i18n::Arg::from(v.to_string()),
        };
        owned.push((k.to_owned(), v));
    }
    let args: Vec<(&str, i18n::Arg)> = owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Ok(i18n::translate_args(lang, key, &args))
}

/// `{{ name | person }}`: a person's name as the page's language writes it (a closed account's
/// "former member #12" becomes "ancien membre n° 12" on a French page).
/// Anything else (an absent name) is left as it is.
fn person(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<Value> {
    let Some(name) = value.as_str() else {
        return Ok(value);
    };
    let lang = format::page_lang(&kwargs, state)?;
    Ok(Value::from(format::shown_name(lang, name).into_owned()))
}

/// `{{ cents | money }}`: euro cents as the page's language writes them (`1 234,50 €`,
/// `€1,234.50` in English); `lang=` chooses another language.
fn money(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let cents = value
        .as_i64()
        .ok_or_else(|| tera::Error::message("money expects integer cents"))?;
    let lang = format::page_lang(&kwargs, state)?;
    Ok(format::money(lang, crate::money::Cents(cents)))
}
