import * as React from 'react';
import {
  DefaultButton,
  Dropdown,
  MessageBar,
  MessageBarType,
  PrimaryButton,
  ProgressIndicator,
  Stack,
  Text,
  TextField,
  Toggle,
} from '@fluentui/react';
import { ClasseurIllisible } from '../core/modele/classeur';
import { messagePourLaPersonne } from '../core/erreurs';
import { INTITULE_MAX, Identite, anneeScolaireDe, verifierIdentite } from '../core/modele/identite';
import { Constat } from '../core/regles/constats';
import { ListeConstats } from './ListeConstats';
import { SectionIndicateurs } from './SectionIndicateurs';
import { OptionsPlan, ResultatConsolidationVolet, ResultatRapportVolet, ResultatVolet, ServicePilote } from './services';
import { AnomalieGrille, RapportBloque } from '../core/audit/rapport';
import { FeuilleGenerable } from '../core/usages/generation';
import { Liaison } from '../core/plan/liaisons';


let dernierTelechargement: { contenu: Uint8Array; quand: number } | undefined;
/** Fichiers produits et pas encore téléchargés : quitter la page est alors signalé (beforeunload). */
const enAttente = new Set<Uint8Array>();

function telecharger(nom: string, contenu: Uint8Array): void {
  // Un double clic ne télécharge pas deux fois le même fichier.
  if (dernierTelechargement?.contenu === contenu && Date.now() - dernierTelechargement.quand < 2000) return;
  dernierTelechargement = { contenu, quand: Date.now() };
  enAttente.delete(contenu);
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

const messageErreur = messagePourLaPersonne;

export function App({ service }: { service: ServicePilote }): JSX.Element {
  const identiteVierge = (): Identite => ({ etablissement: '', rne: '', intituleLabel: '', anneeScolaire: anneeScolaireDe(new Date()), candidatureEnReseau: false });
  const [identite, setIdentite] = React.useState<Identite>(identiteVierge);
  // Le classeur est la source de vérité : seuls les champs que la personne a modifiés dans le formulaire y sont écrits.
  const [modifies, setModifies] = React.useState<Set<keyof Identite>>(new Set());
  const [region, setRegion] = React.useState<{ nom: string; contenu: Uint8Array } | undefined>();
  const [avancement, setAvancement] = React.useState<string | undefined>();
  const retour = React.useRef<HTMLDivElement>(null);
  const [classeur, setClasseur] = React.useState<{ nom: string; contenu: Uint8Array } | undefined>();
  const [enCours, setEnCours] = React.useState(false);
  const [erreur, setErreur] = React.useState<string | undefined>();
  const [dureePlan, setDureePlan] = React.useState<string>('');
  const [resultat, setResultat] = React.useState<ResultatVolet | undefined>();
  const [selection, setSelection] = React.useState<Constat | undefined>();
  const [rapport, setRapport] = React.useState<ResultatRapportVolet | undefined>();
  const [anomalies, setAnomalies] = React.useState<AnomalieGrille[] | undefined>();
  const [consolidation, setConsolidation] = React.useState<ResultatConsolidationVolet | undefined>();
  const [aConsolider, setAConsolider] = React.useState<File[]>([]);

  /** Le formulaire montre ce que le classeur contient, et rien d'un classeur choisi avant lui. */
  const reprendreIdentite = async (c?: { nom: string; contenu: Uint8Array }): Promise<boolean> => {
    try {
      const lue = await service.lireIdentite(c);
      const renseignee = Object.fromEntries(Object.entries(lue).filter(([, v]) => v !== '' && v !== undefined));
      setIdentite({ ...identiteVierge(), ...renseignee });
      setModifies(new Set());
      return true;
    } catch (e) {
      setErreur(messageErreur(e));
      return false;
    }
  };

  /** Montre l'état d'un classeur Pilote LDM dès qu'il est ouvert ou choisi ; un autre classeur n'affiche rien. */
  const montrerEtat = async (c?: { nom: string; contenu: Uint8Array }) => {
    try {
      const v = await service.verifier(c);
      if (v) setResultat(v);
    } catch (e) {
      if (!(e instanceof ClasseurIllisible)) setErreur(messageErreur(e));
    }
  };

  React.useEffect(() => {
    const avertir = (e: BeforeUnloadEvent) => {
      if (!enAttente.size) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', avertir);
    return () => window.removeEventListener('beforeunload', avertir);
  }, []);

  React.useEffect(() => {
    if (service.mode === 'excel') void reprendreIdentite().then(() => montrerEtat());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const problemes = verifierIdentite(identite);
  const probleme = (champ: keyof Identite) => problemes.find((p) => p.champ === champ && p.gravite === 'erreur')?.message;
  const bloque = problemes.some((p) => p.gravite === 'erreur');
  const maj = (champ: keyof Identite) => (_: unknown, v?: string) => {
    setIdentite({ ...identite, [champ]: v ?? '' });
    setModifies((m) => new Set(m).add(champ));
  };
  /** Pour un classeur existant (choisi, ou ouvert dans Excel), seulement ce que la personne a changé ; pour un neuf, tout. */
  const identiteAEcrire = (): Partial<Identite> =>
    classeur || service.mode === 'excel' ? (Object.fromEntries([...modifies].map((c) => [c, identite[c]]))) : identite;

  // Les boutons restent inactifs pendant la lecture du fichier choisi : sinon un clic rapide travaillerait sur un classeur neuf.
  const choisirFichier = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setResultat(undefined);
    setErreur(undefined);
    setRapport(undefined);
    setAnomalies(undefined);
    setEnCours(true);
    try {
      const choisi = f ? { nom: f.name, contenu: new Uint8Array(await f.arrayBuffer()) } : undefined;
      // Un fichier illisible n'est pas retenu : le volet ne fait pas comme s'il l'avait accepté.
      const lisible = choisi ? await reprendreIdentite(choisi) : true;
      if (!choisi) {
        setIdentite(identiteVierge());
        setModifies(new Set());
      }
      setClasseur(lisible ? choisi : undefined);
      if (choisi && lisible) await montrerEtat(choisi);
    } finally {
      setEnCours(false);
      montrerRetour();
    }
  };

  /** Le retour d'une action est montré en haut du volet, là où l'œil est, et reçoit le focus (lecteurs d'écran, clavier). */
  const montrerRetour = () => {
    window.setTimeout(() => {
      retour.current?.scrollIntoView?.({ block: 'nearest' });
      retour.current?.focus();
    }, 0);
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
      montrerRetour();
    }
  };

  const surveiller = (r: ResultatVolet) => {
    const sources = r.planActions.indicateurs.filter((i) => i.source).map((i) => i.source!.split('[')[0]);
    if (!service.surveillerSources || !sources.length) return;
    // Dans Excel, un changement dans un tableau source relance la vérification.
    const rafraichir = () => {
      service
        .verifier()
        .then((v) => setResultat((avant) => (avant && v ? { ...avant, ...v } : avant)))
        .catch((e) => setErreur(messageErreur(e)));
    };
    service.surveillerSources([...new Set(sources)], rafraichir).catch(() => undefined);
  };

  const generer = (feuilles: FeuilleGenerable[], nouvelleLiaison?: Liaison, plus?: OptionsPlan) => {
    setRapport(undefined);
    setAnomalies(undefined);
    return enTache(
      async () => {
        const duree = Number(dureePlan);
        const horizon = feuilles.includes('plan') && dureePlan ? { duree } : undefined;
        const r = await service.generer(identiteAEcrire(), classeur, feuilles, nouvelleLiaison, { horizon, ...plus });
        surveiller(r);
        setResultat(r);
        if (r.fichier) {
          setClasseur(r.fichier);
          enAttente.add(r.fichier.contenu);
        }
        setModifies(new Set());
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
        if (r.fichier) {
          setClasseur(r.fichier);
          enAttente.add(r.fichier.contenu);
        }
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
        // Jamais le classeur du lycée choisi plus haut : un classeur régional à part, nouveau ou choisi ici.
        const r = await service.consolider(aConsolider, region, (faits, total) => setAvancement(`${faits} / ${total} classeurs lus`));
        setAvancement(undefined);
        setConsolidation(r);
        if (r.fichier) {
          setRegion(r.fichier);
          enAttente.add(r.fichier.contenu);
        }
      },
      (e) => {
        setAvancement(undefined);
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

  /** Une phrase sur ce que la dernière action a donné ; le détail suit plus bas. */
  const resumeRetour = (): string | undefined => {
    if (consolidation) return `${consolidation.retenus.length} établissement(s) consolidé(s)${consolidation.anomalies.length ? `, ${consolidation.anomalies.length} fichier(s) écarté(s) ou pris en partie` : ''}${consolidation.ecriteDans === 'nouveau-classeur' ? ' : dans un nouveau classeur' : consolidation.fichier ? ` : ${consolidation.fichier.nom} prêt à télécharger` : ''}. Détail plus bas.`;
    if (rapport) return `Rapport d'audit produit (NC ${rapport.plan.modele.total.NC}). Détail plus bas.`;
    if (anomalies) return undefined;
    if (resultat?.plan) return `${resultat.plan.regeneration ? 'Feuilles régénérées, saisies conservées' : 'Classeur créé'} ; ${resultat.constats.length} point(s) à compléter. Détail plus bas.`;
    if (resultat) return `${classeur ? `Classeur ${classeur.nom} : ` : ''}${resultat.constats.length} point(s) à compléter. Détail plus bas.`;
    return undefined;
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
      {/* Le retour de chaque action, en haut et toujours visible : pas de message caché sous la ligne de flottaison. */}
      <div
        ref={retour}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        data-testid="retour"
        style={{ position: 'sticky', top: 0, zIndex: 2, background: '#FFFFFF', outline: 'none' }}
      >
        {enCours && <ProgressIndicator label="Traitement en cours…" description={avancement} />}
        {erreur && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="erreur">
            <span style={{ whiteSpace: 'pre-wrap' }}>{erreur}</span>
          </MessageBar>
        )}
        {!enCours && !erreur && resumeRetour() && (
          <MessageBar messageBarType={MessageBarType.success} isMultiline data-testid="retour-succes">
            {resumeRetour()}
          </MessageBar>
        )}
      </div>

      <TextField label="Établissement" value={identite.etablissement} onChange={maj('etablissement')} />
      <TextField label="N° RNE" value={identite.rne} onChange={maj('rne')} errorMessage={probleme('rne')} placeholder="0450051L" />
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
        onChange={(_, v) => {
          setIdentite({ ...identite, candidatureEnReseau: Boolean(v) });
          setModifies((m) => new Set(m).add('candidatureEnReseau'));
        }}
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
          <input id="classeur" data-testid="fichier" type="file" accept=".xlsx" onChange={(e) => void choisirFichier(e)} />
          <Text variant="small">{classeur ? `Classeur : ${classeur.nom}` : 'Aucun classeur : un nouveau sera créé.'}</Text>
        </Stack>
      )}

      <PrimaryButton text="Générer la grille d'auto-évaluation (LDM 003)" onClick={() => void generer(['auto-evaluation'])} disabled={enCours || bloque} data-testid="generer" />
      <Stack horizontal verticalAlign="end" tokens={{ childrenGap: 8 }}>
        <Dropdown
          label="Durée du plan (contrat d'objectifs)"
          selectedKey={dureePlan}
          onChange={(_e, o) => setDureePlan(String(o?.key ?? ''))}
          options={[{ key: '', text: 'Celle du classeur (5 ans pour un nouveau plan)' }, ...[1, 2, 3, 4, 5].map((n) => ({ key: String(n), text: `${n} an${n > 1 ? 's' : ''}` }))]}
          styles={{ root: { minWidth: 200 } }}
          data-testid="duree-plan"
        />
      </Stack>
      <DefaultButton text="Générer le plan d'actions et les indicateurs (LDM 002)" onClick={() => void generer(['plan'])} disabled={enCours || bloque} data-testid="generer-plan" />
      <Text variant="large" as="h2">
        Audit
      </Text>
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <DefaultButton text="Générer la grille d'audit" onClick={() => void generer(['grille-audit'])} disabled={enCours || bloque} data-testid="generer-grille" />
        <DefaultButton text="Produire le rapport d'audit (LDM 011)" onClick={() => void produireRapport(false)} disabled={enCours} data-testid="produire-rapport" />
        <DefaultButton
          text="Reporter les écarts et axes de progrès dans le plan (LDM 002)"
          onClick={() => void generer([], undefined, { depuisAudit: true })}
          disabled={enCours || bloque}
          data-testid="depuis-audit"
        />
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
        {service.mode === 'navigateur' && (
          <>
            <label htmlFor="region-existante">
              <Text>Classeur régional à mettre à jour (facultatif ; sinon un nouveau est créé)</Text>
            </label>
            <input
              id="region-existante"
              data-testid="region-existante"
              type="file"
              accept=".xlsx"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (!f) return setRegion(undefined);
                void f.arrayBuffer().then((b) => setRegion({ nom: f.name, contenu: new Uint8Array(b) }));
              }}
            />
            <Text variant="small">{region ? `Classeur régional : ${region.nom}` : 'Un nouveau classeur régional sera créé (jamais celui d’un lycée).'}</Text>
          </>
        )}
        <DefaultButton
          text={`Consolider ${aConsolider.length || ''} classeur(s)`}
          onClick={() => void consolider()}
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

      {anomalies && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="anomalies">
          <MessageBar messageBarType={rapport ? MessageBarType.warning : MessageBarType.blocked} isMultiline>
            {rapport
              ? `Rapport produit avec ${anomalies.length} anomalie(s) acceptée(s).`
              : `La grille d'audit présente ${anomalies.length} anomalie(s) : corrigez-les, ou acceptez-les explicitement pour produire le rapport.`}
          </MessageBar>
          <ListeConstats constats={anomalies} selection={selection} onClic={(c) => void allerA(c)} testId="liste-anomalies" />
          {!rapport && <DefaultButton text="Produire quand même (anomalies acceptées)" onClick={() => void produireRapport(true)} data-testid="accepter" />}
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
          {resultat.plan && (
            <MessageBar messageBarType={MessageBarType.success}>
              {resultat.plan.regeneration ? 'Feuilles régénérées : toutes les saisies ont été conservées.' : 'Grille créée.'}
            </MessageBar>
          )}
          {resultat.plan && resultat.plan.actionsAjoutees.length > 0 && (
            <Stack tokens={{ childrenGap: 4 }} data-testid="actions-audit">
              <Text variant="mediumPlus" as="h3">
                Ajouté au plan d'actions depuis l'audit ({resultat.plan.actionsAjoutees.length})
              </Text>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {resultat.plan.actionsAjoutees.map((a) => (
                  <li key={a.origine}>
                    Critère {a.critere}
                    {a.descripteur ? `, descripteur ${a.descripteur}` : ''} : {a.action} <i>({a.origine})</i>
                  </li>
                ))}
              </ul>
            </Stack>
          )}
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
            <SectionIndicateurs resume={resultat.planActions} enCours={enCours} onLier={(l) => void generer([], l)} />
          )}
          <Text variant="large" as="h2">
            À compléter ({resultat.constats.length})
          </Text>
          <ListeConstats constats={resultat.constats} selection={selection} onClic={(c) => void allerA(c)} testId="constats" />
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
