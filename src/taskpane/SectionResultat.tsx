import * as React from 'react';
import { DefaultButton, MessageBar, MessageBarType, Stack, Text } from '@fluentui/react';
import { Pilote } from './etat';
import { ListeConstats } from './ListeConstats';
import { SectionIndicateurs } from './SectionIndicateurs';
import { telecharger } from './telechargement';
import { texteCompletude } from '../core/regles/completude';

/** Ce qu'une génération ou la lecture d'un classeur a donné : fichier à télécharger, complétude, indicateurs, constats. */
export function SectionResultat({ pilote, indicateurs }: { pilote: Pilote; indicateurs: boolean }): JSX.Element | null {
  const { resultat, selection, service, enCours } = pilote;
  if (!resultat) return null;
  const produites = resultat.feuillesProduites ?? [];
  // Ce qui vient d'être demandé, dit en clair (la première feuille demandée l'emporte).
  const CREEES: Array<[string, string]> = [
    ['plan', "Plan d'actions et indicateurs créés."],
    ['grille-audit', "Grille d'audit créée."],
    ['plan-audit', "Plan d'audit (LDM 008) créé."],
    ['candidature', 'Fiche de candidature (LDM 001) et liste des pièces du dossier créées.'],
    ['criteres', 'Fiches suivi pilotage de critère (LDM 004) créées, une par critère.'],
    ['emargement', "Feuille d'émargement (LDM 009) créée."],
    ['questionnaire', 'Questionnaire audités (LDM 012) créé : à remplir puis à retourner à la DRAFPIC.'],
  ];
  const quoi = CREEES.find(([f]) => produites.includes(f as never))?.[1] ?? "Grille d'auto-évaluation (LDM 003) créée.";
  return (
    <Stack tokens={{ childrenGap: 8 }} data-testid="resultat">
      {resultat.plan && (
        <MessageBar messageBarType={MessageBarType.success}>
          {resultat.plan.regeneration ? 'Feuilles régénérées : toutes les saisies ont été conservées.' : quoi}
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
        <Stack tokens={{ childrenGap: 4 }}>
          <Text variant="small">Le classeur produit n'est enregistré qu'une fois téléchargé ; ouvrez-le ensuite dans Excel ou LibreOffice pour le remplir.</Text>
          <DefaultButton text={`Télécharger ${resultat.fichier.nom}`} data-testid="telecharger" onClick={() => telecharger(resultat.fichier!.nom, resultat.fichier!.contenu)} />
        </Stack>
      )}
      {service.mode === 'excel' && <DefaultButton text="Actualiser" iconProps={{ iconName: 'Refresh' }} onClick={() => void pilote.rafraichir()} disabled={enCours} data-testid="actualiser" />}
      {resultat.completude.length > 0 && (
        <Text variant="large" as="h2">
          Complétude par critère
        </Text>
      )}
      <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="completude">
        {resultat.completude.map((c) => (
          <li key={c.critere} style={{ color: c.documentes < c.applicables ? '#9C0006' : '#006100' }}>
            {texteCompletude(c)}
            {c.reputeSatisfait ? '' : c.documentes < c.applicables ? ` — ${c.applicables - c.documentes} à documenter` : ' — complet'}
          </li>
        ))}
      </ul>
      {indicateurs && resultat.planActions.parCritere.length > 0 && (
        <SectionIndicateurs resume={resultat.planActions} enCours={enCours} onLier={(l) => void pilote.generer([], l)} />
      )}
      <Text variant="large" as="h2">
        À compléter ({resultat.constats.length})
      </Text>
      <ListeConstats constats={resultat.constats} selection={selection} onClic={(c) => void pilote.allerA(c)} testId="constats" />
      {selection && service.mode === 'navigateur' && (
        <div role="status" data-testid="selection" style={{ background: '#F3F2F1', padding: 8, borderLeft: '3px solid #0078D4' }}>
          Feuille « {selection.sheet} », cellule {selection.cell} : {selection.message}
        </div>
      )}
    </Stack>
  );
}
