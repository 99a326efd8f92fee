//! The administrator's commands: set-up, engagements, members, backup, and
//! starting the server. They connect as the database's owner.

use crate::config::Config;
use crate::engagements::{Engagements, catch_up, insert_events};
use crate::http::{App, router};
use crate::{accounts, members, schema};
use anyhow::{Context, Result, anyhow, bail};
use candor_core::access::Role;
use candor_core::{Author, Change, Kind, Store};
use deadpool_postgres::{Pool, Runtime};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio_postgres::NoTls;

/// Refuses an engagement id that is not lower-case letters, digits and dashes.
fn check_id(id: &str) -> Result<()> {
    let ok = (1..=63).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if !ok {
        bail!(
            "engagement id \"{id}\": use 1 to 63 lower-case letters, digits and dashes, e.g. acme-payroll"
        );
    }
    Ok(())
}

/// The administrator's connection to the server's database and data folder.
pub struct Admin {
    rt: Handle,
    pool: Pool,
    data_dir: std::path::PathBuf,
}

/// Connections to the server's database: as its owner (`init` and the
/// administrator's commands), or as `candor_app` (serving).
fn pool(config: &Config, app: bool) -> Result<Pool> {
    let mut pg = deadpool_postgres::Config::new();
    pg.url = Some(config.database_url.clone());
    if app {
        pg.options = Some("-c role=candor_app".into());
    }
    pg.create_pool(Some(Runtime::Tokio1), NoTls)
        .context("database_url is not a PostgreSQL connection string")
}

impl Admin {
    pub fn new(config: &Config, rt: Handle) -> Result<Admin> {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data_dir {}", config.data_dir.display()))?;
        Ok(Admin {
            rt,
            pool: pool(config, false)?,
            data_dir: config.data_dir.clone(),
        })
    }

    async fn client(&self) -> Result<deadpool_postgres::Client> {
        self.pool
            .get()
            .await
            .context("cannot connect to PostgreSQL (database_url)")
    }

    /// Runs `work` in one transaction as the owner, seeing every engagement.
    fn transaction<T>(
        &self,
        work: impl AsyncFnOnce(&tokio_postgres::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.rt.block_on(async {
            let mut client = self.client().await?;
            let tx = client.transaction().await?;
            tx.execute("SELECT set_config('candor.actor', '*', true)", &[])
                .await?;
            let out = work(&tx).await?;
            tx.commit().await?;
            Ok(out)
        })
    }

    pub fn init(&self) -> Result<()> {
        self.transaction(async |tx| {
            tx.batch_execute(schema::INIT)
                .await
                .context("creating the server's tables")?;
            Ok(())
        })?;
        println!("the server's tables, role candor_app and policies are in place");
        Ok(())
    }

    /// Records a new engagement (with the provider's first person) in a
    /// fresh working copy, then its events as the engagement's chain.
    pub fn create(
        &self,
        id: &str,
        name: &str,
        time_zone: &str,
        first: candor_core::identity::Newcomer,
    ) -> Result<()> {
        self.new_engagement(id, name, |store| {
            let now = chrono::Utc::now();
            let mut ids = crate::engagements::ids()?;
            let engagement = candor_core::model::Engagement {
                name: name.to_owned(),
                time_zone: time_zone.to_owned(),
                default_cadence_days: 14,
                ..Default::default()
            };
            store.apply(
                &Author::new(Author::BOOTSTRAP, now),
                &mut ids,
                vec![Change::Create {
                    kind: Kind::Engagement,
                    key: None,
                    data: serde_json::to_value(engagement)?,
                }],
            )?;
            let person = candor_core::identity::register(store, &mut ids, now, &first)?;
            Ok(format!("{} is person {person}: add them as a member with `candor-server member add {id} ACCOUNT --person {person} --role admin --role lead --password-stdin`", first.name))
        })
    }

    /// Takes the Candor file `file` — verified, its chain kept verbatim — as engagement `id`.
    pub fn import(&self, id: &str, file: &Path) -> Result<()> {
        let source = Store::open_read_only(file)?;
        if let Some(remote) = source.remote()? {
            bail!(
                "{} is a copy of engagement {} on {}, not a record of its own",
                file.display(),
                remote.engagement,
                remote.url
            );
        }
        let verification = candor_core::audit::verify(&source, None)?;
        if !verification.ok() {
            bail!(
                "{} does not verify; run `candor audit verify` on it first",
                file.display()
            );
        }
        let name = source
            .engagement()?
            .map(|e| e.label)
            .ok_or_else(|| anyhow!("{} holds no engagement", file.display()))?;
        self.new_engagement(id, &name, |store| {
            let mut after = 0;
            loop {
                let events = source.events(after, 20_000)?;
                let Some(last) = events.last() else { break };
                after = last.seq;
                store.append_events(&events)?;
            }
            Ok(String::new())
        })
    }

    fn new_engagement(
        &self,
        id: &str,
        name: &str,
        fill: impl FnOnce(&mut Store) -> Result<String>,
    ) -> Result<()> {
        check_id(id)?;
        let engagements = Engagements::new(&self.data_dir);
        let path = engagements.path(id);
        if path.exists() {
            bail!(
                "{} already exists: engagement {id} was made before",
                path.display()
            );
        }
        let made = (|| {
            let mut store = Store::create(&path)?;
            let said = fill(&mut store)?;
            let events = store.events(0, i64::MAX)?;
            self.transaction(async |tx| {
                tx.execute(
                    "INSERT INTO engagements (id, name, head_hash) VALUES ($1, $2, $3)",
                    &[&id, &name, &candor_core::audit::GENESIS],
                )
                .await
                .with_context(|| format!("engagement {id} (is the id taken? did `init` run?)"))?;
                insert_events(tx, id, &events).await
            })?;
            Ok::<_, anyhow::Error>((events.len(), said))
        })();
        match made {
            Ok((n, said)) => {
                println!("engagement {id} \"{name}\": {n} events");
                if !said.is_empty() {
                    println!("{said}");
                }
                Ok(())
            }
            Err(e) => {
                for p in [
                    path.clone(),
                    path.with_extension("candor-wal"),
                    path.with_extension("candor-shm"),
                ] {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    pub fn list(&self) -> Result<()> {
        let rows = self.transaction(async |tx| {
            Ok(tx
                .query(
                    "SELECT id, name, head_seq FROM engagements ORDER BY id",
                    &[],
                )
                .await?)
        })?;
        for r in rows {
            println!(
                "{}\t{}\t{} events",
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, i64>(2)
            );
        }
        Ok(())
    }

    pub fn add_member(
        &self,
        engagement: &str,
        account: &str,
        person: &str,
        roles: &[Role],
        password_stdin: bool,
    ) -> Result<()> {
        let password = if password_stdin {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the password from standard input")?;
            Some(text.trim_end_matches(['\r', '\n']).to_owned())
        } else {
            None
        };
        let phc = password
            .as_deref()
            .map(accounts::hash_password)
            .transpose()?;
        self.exists(engagement)?;
        let person = {
            let engagements = Engagements::new(&self.data_dir);
            let eng = engagements.get(engagement)?;
            let mut store = eng.store.lock().map_err(|_| anyhow!("poisoned"))?;
            self.catch_up(&mut store, engagement)?;
            members::provider_person(&store, person)?
        };
        self.transaction(async |tx| {
            let exists = tx
                .query_opt("SELECT 1 FROM accounts WHERE name = $1", &[&account])
                .await?
                .is_some();
            match (&phc, exists) {
                (Some(phc), false) => {
                    tx.execute(
                        "INSERT INTO accounts (name, password_hash) VALUES ($1, $2)",
                        &[&account, phc],
                    )
                    .await
                    .with_context(|| format!("account \"{account}\" (letters, digits, . _ @ -)"))?;
                }
                (Some(_), true) => {
                    bail!("the account {account} exists; add it without --password-stdin")
                }
                (None, false) => {
                    bail!("the account {account} is new: give its password with --password-stdin")
                }
                (None, true) => {}
            }
            members::add(tx, engagement, account, &person, roles).await?;
            println!(
                "{account} is a member of {engagement} as {person} ({})",
                candor_core::access::names(roles)
            );
            Ok(())
        })
    }

    /// Refuses an engagement id the server does not hold.
    fn exists(&self, engagement: &str) -> Result<()> {
        let found = self.transaction(async |tx| {
            Ok(tx
                .query_opt("SELECT 1 FROM engagements WHERE id = $1", &[&engagement])
                .await?
                .is_some())
        })?;
        if !found {
            bail!("there is no engagement {engagement} (candor-server engagement list)");
        }
        Ok(())
    }

    /// Brings `store`, the working copy of `engagement`, up to its chain.
    fn catch_up(&self, store: &mut Store, engagement: &str) -> Result<()> {
        let mut client = self.rt.block_on(self.client())?;
        let tx = self
            .rt
            .block_on(crate::sequencer::begin_as(&mut client, "*"))?;
        let head = self
            .rt
            .block_on(crate::engagements::lock_head(&tx, engagement))?
            .ok_or_else(|| anyhow!("there is no engagement {engagement}"))?;
        catch_up(&self.rt, store, &tx, engagement, head.0)?;
        self.rt.block_on(tx.commit())?;
        Ok(())
    }

    pub fn members(&self, engagement: &str) -> Result<()> {
        let list = self.transaction(async |tx| members::list(tx, Some(engagement), None).await)?;
        for m in list {
            let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
            println!(
                "{}\t{}\t{}{}",
                m.account,
                m.person,
                roles.join(","),
                if m.revoked { "\trevoked" } else { "" }
            );
        }
        Ok(())
    }

    pub fn revoke(&self, engagement: &str, account: &str) -> Result<()> {
        self.transaction(async |tx| members::revoke(tx, engagement, account).await)?;
        println!("{account}'s membership of {engagement} is revoked");
        Ok(())
    }

    pub fn set_roles(&self, engagement: &str, account: &str, roles: &[Role]) -> Result<()> {
        self.transaction(async |tx| members::set_roles(tx, engagement, account, roles).await)?;
        println!("{account} now holds {}", candor_core::access::names(roles));
        Ok(())
    }

    pub fn backup(&self, config: &Config, dest: &Path) -> Result<()> {
        let status = std::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(dest)
            .arg(&config.database_url)
            .status()
            .context("running pg_dump (install postgresql-client)")?;
        if !status.success() {
            bail!("pg_dump failed ({status})");
        }
        println!("backup written to {}", dest.display());
        Ok(())
    }

    /// Serves the API until interrupted; each engagement's working copy is
    /// brought up to its chain first.
    pub async fn serve(&self, config: &Config) -> Result<()> {
        let engagements = Engagements::new(&self.data_dir);
        let ids: Vec<String> = {
            let client = self.client().await?;
            client
                .execute("SELECT set_config('candor.actor', '*', false)", &[])
                .await?;
            client
                .query("SELECT id, head_seq FROM engagements ORDER BY id", &[])
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect()
        };
        for id in &ids {
            let eng = engagements.get(id)?;
            let pool = self.pool.clone();
            let id = id.clone();
            let rt = Handle::current();
            tokio::task::spawn_blocking(move || -> Result<()> {
                let mut client = rt.block_on(pool.get())?;
                let tx = rt.block_on(crate::sequencer::begin_as(&mut client, "*"))?;
                let head = rt
                    .block_on(crate::engagements::lock_head(&tx, &id))?
                    .map_or(0, |h| h.0);
                let mut store = eng.store.lock().map_err(|_| anyhow!("poisoned"))?;
                catch_up(&rt, &mut store, &tx, &id, head)?;
                eng.head.send_replace(head);
                rt.block_on(tx.commit())?;
                Ok(())
            })
            .await??;
        }
        let app = Arc::new(App {
            pool: pool(config, true)?,
            engagements,
            session_hours: config.session_hours,
        });
        let listener = tokio::net::TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, engagements = ids.len(), "serving");
        println!("candor-server listening on http://{addr}");
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = async {
                        match term.as_mut() {
                            Some(t) => { t.recv().await; }
                            None => std::future::pending::<()>().await,
                        }
                    } => {}
                }
                tracing::info!("stopping: the requests under way finish first");
            })
            .await?;
        Ok(())
    }
}
