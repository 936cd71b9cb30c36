import * as React from 'react';
import {
  DefaultButton,
  MessageBar,
  MessageBarType,
  PrimaryButton,
  ProgressIndicator,
  Stack,
  Text,
  TextField,
  Toggle,
  Dropdown,
  IDropdownOption,
} from '@fluentui/react';
import { ClasseurEndommage, ClasseurIllisible, ContenuNonConserve } from '../core/classeur';
import { IdentiteInvalide, LiaisonInvalide } from '../core/generation';
import { INTITULE_MAX, Identite, anneeScolaireDe, verifierIdentite } from '../core/identite';
import { Constat } from '../core/regles/constats';
import { ResultatConsolidationVolet, ResultatRapportVolet, ResultatVolet, ServicePilote } from './services';
import { AnomalieGrille, RapportBloque } from '../core/audit/rapport';
import { FeuilleGenerable } from '../core/generation';
import { Liaison } from '../core/plan/liaisons';

const LIBELLES_CONSTAT: Record<string, string> = {
  'preuve-manquante': 'Preuve manquante',
  'justification-manquante': 'Justification manquante',
  'valeur-invalide': 'Valeur invalide',
  'descripteur-absent': 'Descripteur absent',
  'grille-endommagee': 'Grille endommagée',
  'grille-incomplete': 'À cocher : C ou NC',
  'grille-contradictoire': 'C et NC cochés',
  'constat-manquant': 'Constat à rédiger',
  'ecart-ouvert': "Fiche d'écart ouverte",
  'indicateur-hors-cible': 'Indicateur hors cible',
  'mesure-manquante': 'Mesure manquante',
  'action-en-retard': 'Action en retard',
  'critere-sans-indicateur': 'Critère sans indicateur',
  'liaison-rompue': 'Liaison rompue',
};

function telecharger(nom: string, contenu: Uint8Array): void {
  const blob = new Blob([contenu as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = nom;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function messageErreur(e: unknown): string {
  if (
    e instanceof ClasseurEndommage ||
    e instanceof ClasseurIllisible ||
    e instanceof ContenuNonConserve ||
    e instanceof IdentiteInvalide ||
    e instanceof LiaisonInvalide ||
    e instanceof RapportBloque
  ) {
    return e.message;
  }
  return `Erreur inattendue : ${(e as Error)?.message ?? String(e)}`;
}

export function App({ service }: { service: ServicePilote }): JSX.Element {
  const [identite, setIdentite] = React.useState<Identite>({
    etablissement: '',
    rne: '',
    intituleLabel: '',
    anneeScolaire: anneeScolaireDe(new Date()),
    candidatureEnReseau: false,
  });
  const [classeur, setClasseur] = React.useState<{ nom: string; contenu: Uint8Array } | undefined>();
  const [enCours, setEnCours] = React.useState(false);
  const [erreur, setErreur] = React.useState<string | undefined>();
  const [resultat, setResultat] = React.useState<ResultatVolet | undefined>();
  const [selection, setSelection] = React.useState<Constat | undefined>();
  const [rapport, setRapport] = React.useState<ResultatRapportVolet | undefined>();
  const [anomalies, setAnomalies] = React.useState<AnomalieGrille[] | undefined>();
  const [consolidation, setConsolidation] = React.useState<ResultatConsolidationVolet | undefined>();
  const [aConsolider, setAConsolider] = React.useState<File[]>([]);
  const [liaison, setLiaison] = React.useState<{ indicateur?: number; table?: string; colonne?: string; colonneAnnee?: string }>({});

  const reprendreIdentite = async (c?: { nom: string; contenu: Uint8Array }) => {
    try {
      const lue = await service.lireIdentite(c);
      const renseignee = Object.fromEntries(Object.entries(lue).filter(([, v]) => v !== '' && v !== undefined));
      setIdentite((i) => ({ ...i, ...renseignee }));
    } catch (e) {
      setErreur(messageErreur(e));
    }
  };

  React.useEffect(() => {
    if (service.mode === 'excel') reprendreIdentite();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const problemes = verifierIdentite(identite);
  const probleme = (champ: keyof Identite) => problemes.find((p) => p.champ === champ && p.gravite === 'erreur')?.message;
  const bloque = problemes.some((p) => p.gravite === 'erreur');
  const maj = (champ: keyof Identite) => (_: unknown, v?: string) => setIdentite({ ...identite, [champ]: v ?? '' });

  // Les boutons restent inactifs pendant la lecture du fichier choisi : sinon un clic rapide travaillerait sur un classeur neuf.
  const choisirFichier = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setResultat(undefined);
    setErreur(undefined);
    setEnCours(true);
    try {
      const choisi = f ? { nom: f.name, contenu: new Uint8Array(await f.arrayBuffer()) } : undefined;
      if (choisi) await reprendreIdentite(choisi);
      setClasseur(choisi);
    } finally {
      setEnCours(false);
    }
  };

  /** Une action du volet : indicateur d'attente, message d'erreur effacé puis affiché en français si elle échoue. */
  const enTache = async (tache: () => Promise<void>, echec: (e: unknown) => void = (e) => setErreur(messageErreur(e))) => {
    setEnCours(true);
    setErreur(undefined);
    try {
      await tache();
    } catch (e) {
      echec(e);
    } finally {
      setEnCours(false);
    }
  };

  const surveiller = (r: ResultatVolet) => {
    const sources = r.planActions.indicateurs.filter((i) => i.source).map((i) => i.source!.split('[')[0]);
    if (!service.surveillerSources || !sources.length) return;
    // Dans Excel, un changement dans un tableau source relance la vérification.
    const rafraichir = () => {
      service.verifier?.().then((v) => setResultat((avant) => (avant ? { ...avant, ...v } : avant))).catch((e) => setErreur(messageErreur(e)));
    };
    service.surveillerSources([...new Set(sources)], rafraichir).catch(() => undefined);
  };

  const generer = (feuilles: FeuilleGenerable[], nouvelleLiaison?: Liaison) => {
    setRapport(undefined);
    setAnomalies(undefined);
    return enTache(
      async () => {
        const r = await service.generer(identite, classeur, feuilles, nouvelleLiaison);
        surveiller(r);
        setResultat(r);
        if (r.fichier) setClasseur(r.fichier);
      },
      (e) => {
        setResultat(undefined);
        setErreur(messageErreur(e));
      },
    );
  };

  const produireRapport = (accepter: boolean) => {
    setResultat(undefined);
    return enTache(
      async () => {
        const r = await service.produireRapport(accepter, classeur);
        setRapport(r);
        setAnomalies(r.plan.anomalies.length ? r.plan.anomalies : undefined);
        if (r.fichier) setClasseur(r.fichier);
      },
      (e) => {
        setRapport(undefined);
        if (e instanceof RapportBloque) setAnomalies(e.anomalies);
        else setErreur(messageErreur(e));
      },
    );
  };

  const consolider = () =>
    enTache(
      async () => {
        const r = await service.consolider(aConsolider, classeur);
        setConsolidation(r);
        if (r.fichier) setClasseur(r.fichier);
      },
      (e) => {
        setConsolidation(undefined);
        setErreur(messageErreur(e));
      },
    );

  const allerA = async (c: Constat) => {
    setSelection(c);
    if (service.selectionner) {
      try {
        await service.selectionner(c.sheet, c.cell);
      } catch (e) {
        setErreur(messageErreur(e));
      }
    }
  };

  return (
    <Stack tokens={{ childrenGap: 12, padding: 16 }} styles={{ root: { maxWidth: 420 } }}>
      <Text variant="xLarge" as="h1">
        Pilote LDM
      </Text>
      <MessageBar messageBarType={MessageBarType.info} data-testid="mode">
        {service.mode === 'excel'
          ? 'Mode Excel : la grille est écrite dans le classeur ouvert.'
          : 'Mode navigateur : choisissez un classeur .xlsx (ou partez de zéro), le résultat se télécharge. Rien ne quitte votre ordinateur.'}
      </MessageBar>

      <TextField label="Établissement" value={identite.etablissement} onChange={maj('etablissement')} />
      <TextField label="N° RNE" value={identite.rne} onChange={maj('rne')} errorMessage={probleme('rne')} placeholder="0451234A" />
      <TextField
        label="Intitulé du label"
        value={identite.intituleLabel}
        onChange={maj('intituleLabel')}
        errorMessage={probleme('intituleLabel')}
        placeholder="Lycée des métiers de …"
        description={`${identite.intituleLabel.trim().length}/${INTITULE_MAX} caractères, « Lycée des métiers » compris`}
      />
      <TextField label="Année scolaire" value={identite.anneeScolaire} onChange={maj('anneeScolaire')} errorMessage={probleme('anneeScolaire')} />
      <Toggle
        label="Candidature en réseau"
        checked={identite.candidatureEnReseau}
        onText="Oui"
        offText="Non (descripteurs 25, 31, 34, 45 sans objet)"
        onChange={(_, v) => setIdentite({ ...identite, candidatureEnReseau: Boolean(v) })}
      />
      {problemes
        .filter((p) => p.gravite === 'avertissement')
        .map((p) => (
          <MessageBar key={p.message} messageBarType={MessageBarType.warning}>
            {p.message}
          </MessageBar>
        ))}

      {service.mode === 'navigateur' && (
        <Stack tokens={{ childrenGap: 4 }}>
          <label htmlFor="classeur">
            <Text variant="mediumPlus">Classeur existant (facultatif)</Text>
          </label>
          <input id="classeur" data-testid="fichier" type="file" accept=".xlsx" onChange={choisirFichier} />
          <Text variant="small">{classeur ? `Classeur : ${classeur.nom}` : 'Aucun classeur : un nouveau sera créé.'}</Text>
        </Stack>
      )}

      <PrimaryButton text="Générer la grille d'auto-évaluation (LDM 003)" onClick={() => generer(['auto-evaluation'])} disabled={enCours || bloque} data-testid="generer" />
      <DefaultButton text="Générer le plan d'actions et les indicateurs (LDM 002)" onClick={() => generer(['plan'])} disabled={enCours || bloque} data-testid="generer-plan" />
      <Text variant="large" as="h2">
        Audit
      </Text>
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <DefaultButton text="Générer la grille d'audit" onClick={() => generer(['grille-audit'])} disabled={enCours || bloque} data-testid="generer-grille" />
        <DefaultButton text="Produire le rapport d'audit (LDM 011)" onClick={() => produireRapport(false)} disabled={enCours} data-testid="produire-rapport" />
      </Stack>
      <Text variant="large" as="h2">
        DRAFPIC — consolidation régionale
      </Text>
      <Stack tokens={{ childrenGap: 4 }}>
        <label htmlFor="a-consolider">
          <Text>Classeurs des établissements (plusieurs fichiers .xlsx)</Text>
        </label>
        <input
          id="a-consolider"
          data-testid="a-consolider"
          type="file"
          multiple
          accept=".xlsx"
          onChange={(e) => setAConsolider(Array.from(e.target.files ?? []))}
        />
        <DefaultButton
          text={`Consolider ${aConsolider.length || ''} classeur(s)`}
          onClick={consolider}
          disabled={enCours || aConsolider.length === 0}
          data-testid="consolider"
        />
      </Stack>
      {consolidation && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="consolidation">
          <MessageBar messageBarType={MessageBarType.success}>
            {consolidation.retenus.length} établissement(s) consolidé(s) : feuilles « Synthèse régionale », « Constats », « Matrice », « Par critère », « Anomalies ».
          </MessageBar>
          {consolidation.anomalies.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="anomalies-fichiers">
              {consolidation.anomalies.map((a) => (
                <li key={`${a.fichier}-${a.motif}`}>
                  <strong>{a.fichier}</strong> ({a.prise === 'non' ? 'écarté' : 'en partie'}) : {a.motif}
                </li>
              ))}
            </ul>
          )}
          {consolidation.fichier && (
            <DefaultButton
              text={`Télécharger ${consolidation.fichier.nom}`}
              data-testid="telecharger-consolidation"
              onClick={() => telecharger(consolidation.fichier!.nom, consolidation.fichier!.contenu)}
            />
          )}
        </Stack>
      )}
      {enCours && <ProgressIndicator label="Traitement en cours…" />}
      {erreur && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="erreur">
          <span style={{ whiteSpace: 'pre-wrap' }}>{erreur}</span>
        </MessageBar>
      )}

      {anomalies && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="anomalies">
          <MessageBar messageBarType={rapport ? MessageBarType.warning : MessageBarType.blocked} isMultiline>
            {rapport
              ? `Rapport produit avec ${anomalies.length} anomalie(s) acceptée(s).`
              : `La grille d'audit présente ${anomalies.length} anomalie(s) : corrigez-les, ou acceptez-les explicitement pour produire le rapport.`}
          </MessageBar>
          <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
            {anomalies.map((a) => (
              <li key={`${a.kind}-${a.cell}`}>
                <button type="button" onClick={() => allerA(a)} title={a.message} style={{ border: 'none', background: selection === a ? '#DEECF9' : 'transparent', textAlign: 'left', cursor: 'pointer', padding: 4, width: '100%' }}>
                  <strong>{a.cell}</strong> — {LIBELLES_CONSTAT[a.kind] ?? a.kind}
                  {a.descripteur ? ` (descripteur ${a.descripteur})` : ''}
                </button>
              </li>
            ))}
          </ul>
          {!rapport && <DefaultButton text="Produire quand même (anomalies acceptées)" onClick={() => produireRapport(true)} data-testid="accepter" />}
        </Stack>
      )}
      {rapport && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="rapport">
          <MessageBar messageBarType={MessageBarType.success}>Rapport d'audit produit : feuille « {rapport.plan.feuilles[0].nom} ».</MessageBar>
          <Text>
            PF {rapport.plan.modele.total.PF} · C {rapport.plan.modele.total.C} · R {rapport.plan.modele.total.R} · NC {rapport.plan.modele.total.NC}
          </Text>
          <Text styles={{ root: { fontWeight: 600 } }} data-testid="issue">
            {rapport.plan.modele.issue}
          </Text>
          {rapport.plan.modele.nonConformites.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="fiches">
              {rapport.plan.modele.nonConformites.map((nc, i) => (
                <li key={nc.numero}>
                  Fiche n°{i + 1}/{rapport.plan.modele.nonConformites.length} : critère {nc.critere}, descripteur {nc.numero}
                </li>
              ))}
            </ul>
          )}
          {rapport.fichier && (
            <DefaultButton text={`Télécharger ${rapport.fichier.nom}`} data-testid="telecharger-rapport" onClick={() => telecharger(rapport.fichier!.nom, rapport.fichier!.contenu)} />
          )}
        </Stack>
      )}
      {selection && service.mode === 'navigateur' && !resultat && (
        <div role="status" data-testid="selection" style={{ background: '#F3F2F1', padding: 8, borderLeft: '3px solid #0078D4' }}>
          Feuille « {selection.sheet} », cellule {selection.cell} : {selection.message}
        </div>
      )}

      {resultat && (
        <Stack tokens={{ childrenGap: 8 }} data-testid="resultat">
          <MessageBar messageBarType={MessageBarType.success}>
            {resultat.plan.regeneration ? 'Feuilles régénérées : toutes les saisies ont été conservées.' : 'Grille créée.'}
          </MessageBar>
          {resultat.fichier && (
            <DefaultButton
              text={`Télécharger ${resultat.fichier.nom}`}
              data-testid="telecharger"
              onClick={() => telecharger(resultat.fichier!.nom, resultat.fichier!.contenu)}
            />
          )}
          {resultat.completude.length > 0 && (
            <Text variant="large" as="h2">
              Complétude par critère
            </Text>
          )}
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="completude">
            {resultat.completude.map((c) => (
              <li key={c.critere} style={{ color: c.documentes < c.applicables ? '#9C0006' : '#006100' }}>
                Critère {c.critere} : {c.documentes}/{c.applicables} descripteurs documentés
              </li>
            ))}
          </ul>
          {resultat.planActions.parCritere.length > 0 && (
            <Stack tokens={{ childrenGap: 6 }} data-testid="indicateurs">
              <Text variant="large" as="h2">
                Indicateurs par critère
              </Text>
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="indicateurs-criteres">
                {resultat.planActions.parCritere.map((c) => (
                  <li key={c.critere} style={{ color: c.indicateurs === 0 || c.aSurveiller > 0 ? '#9C0006' : '#006100' }}>
                    Critère {c.critere} : {c.indicateurs === 0 ? 'aucun indicateur' : `${c.indicateurs} indicateur(s), ${c.atteints} atteint(s), ${c.aSurveiller} à surveiller`}
                  </li>
                ))}
              </ul>
              <Text variant="mediumPlus">Lier un indicateur à un tableau du classeur</Text>
              {resultat.planActions.tableauxSources.length === 0 ? (
                <Text variant="small">Aucun tableau de l'établissement dans ce classeur : mettez vos données sous forme de tableau (Insertion › Tableau) pour les lier.</Text>
              ) : (
                <Stack tokens={{ childrenGap: 4 }}>
                  <Dropdown
                    label="Indicateur"
                    data-testid="liaison-indicateur"
                    options={resultat.planActions.indicateurs.map((i): IDropdownOption => ({ key: i.numero, text: `${i.numero}. ${i.libelle}` }))}
                    selectedKey={liaison.indicateur ?? null}
                    onChange={(_, o) => setLiaison({ ...liaison, indicateur: Number(o?.key) })}
                  />
                  <Dropdown
                    label="Tableau"
                    data-testid="liaison-table"
                    options={resultat.planActions.tableauxSources.map((t): IDropdownOption => ({ key: t.nom, text: `${t.nom} (${t.feuille})` }))}
                    selectedKey={liaison.table ?? null}
                    onChange={(_, o) => setLiaison({ ...liaison, table: String(o?.key), colonne: undefined, colonneAnnee: undefined })}
                  />
                  {liaison.table && (
                    <>
                      <Dropdown
                        label="Colonne des valeurs"
                        data-testid="liaison-colonne"
                        options={(resultat.planActions.tableauxSources.find((t) => t.nom === liaison.table)?.entetes ?? []).map((e) => ({ key: e, text: e }))}
                        selectedKey={liaison.colonne ?? null}
                        onChange={(_, o) => setLiaison({ ...liaison, colonne: String(o?.key) })}
                      />
                      <Dropdown
                        label="Année lue dans la colonne"
                        data-testid="liaison-annee"
                        options={(resultat.planActions.tableauxSources.find((t) => t.nom === liaison.table)?.entetes ?? []).map((e) => ({ key: e, text: e }))}
                        selectedKey={liaison.colonneAnnee ?? null}
                        onChange={(_, o) => setLiaison({ ...liaison, colonneAnnee: String(o?.key) })}
                      />
                    </>
                  )}
                  <DefaultButton
                    text="Lier"
                    data-testid="lier"
                    disabled={enCours || !liaison.indicateur || !liaison.table || !liaison.colonne || !liaison.colonneAnnee}
                    onClick={() =>
                      generer([], { indicateur: liaison.indicateur!, table: liaison.table!, colonne: liaison.colonne!, mode: 'annee', colonneAnnee: liaison.colonneAnnee! })
                    }
                  />
                </Stack>
              )}
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="indicateurs-liste">
                {resultat.planActions.indicateurs.map((i) => (
                  <li key={i.numero}>
                    {i.numero}. {i.libelle} — <strong>{i.statut}</strong>
                    {i.source ? ` (mesures : ${i.source}${i.rompue ? ', liaison rompue' : ''})` : ''}
                  </li>
                ))}
              </ul>
            </Stack>
          )}
          <Text variant="large" as="h2">
            À compléter ({resultat.constats.length})
          </Text>
          <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} data-testid="constats">
            {resultat.constats.map((c) => (
              <li key={`${c.kind}-${c.sheet}-${c.cell}`} style={{ marginBottom: 4 }}>
                <button
                  type="button"
                  onClick={() => allerA(c)}
                  title={c.message}
                  style={{
                    border: 'none',
                    background: selection === c ? '#DEECF9' : 'transparent',
                    textAlign: 'left',
                    cursor: 'pointer',
                    padding: 4,
                    width: '100%',
                  }}
                >
                  <strong>{c.cell}</strong> — {LIBELLES_CONSTAT[c.kind] ?? c.kind}
                  {c.descripteur ? ` (critère ${c.critere}, descripteur ${c.descripteur})` : c.indicateur ? ` (indicateur ${c.indicateur}${c.annee ? `, ${c.annee}` : ''})` : c.critere ? ` (critère ${c.critere})` : ''}
                </button>
              </li>
            ))}
          </ul>
          {selection && service.mode === 'navigateur' && (
            <div role="status" data-testid="selection" style={{ background: '#F3F2F1', padding: 8, borderLeft: '3px solid #0078D4' }}>
              Feuille « {selection.sheet} », cellule {selection.cell} : {selection.message}
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}
